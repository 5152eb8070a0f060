using Microsoft.Extensions.Hosting;
using OrleansPersonalization.Silo.Hosting;

// A standalone silo with the embedded store: lets an external client (or a second tool) talk to
// the same single-node system that `dotnet run --project src/Api` co-hosts.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo
    .UseEmbeddedClustering()
    .AddPersonalization(builder.Configuration));
await builder.Build().RunAsync();
