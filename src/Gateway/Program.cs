using OrleansPersonalization.Api.Hosting;

// The API tier of a cluster: a client of the silos (membership in PostgreSQL, mutual TLS), as many
// instances as the load needs behind a load balancer. It carries none of the silo's assemblies.
var builder = WebApplication.CreateBuilder(args);
builder.AddPersonalizationApi();

var app = builder.Build();
app.MapPersonalizationApi();
await app.RunAsync();
