using Orleans.Dashboard;
using OrleansPersonalization.Api.Hosting;
using OrleansPersonalization.Silo.Hosting;
using OrleansPersonalization.Telemetry;

// The embedded default: the API tier and a silo in one process, with loopback clustering and the
// on-disk store, so one command runs the whole durable system. (Api:Hosting=Client makes it a
// cluster client instead; src/Gateway is that client without the silo's assemblies.)
var builder = WebApplication.CreateBuilder(args);
builder.AddPersonalizationApi(hostSilo: host => host.UseOrleans(silo => silo
    .UseConfiguredClustering(host.Configuration)
    .AddPersonalization(host.Configuration)
    .AddDashboard()));

var app = builder.Build();

// The co-hosted silo's model gauges are this process's: created now, so the first scrape has them.
_ = app.Services.GetService<ModelMetrics>();
app.MapPersonalizationApi();
await app.RunAsync();

/// <summary>Entry point; public so the in-process tests can host it.</summary>
public partial class Program;
