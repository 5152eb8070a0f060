using OrleansPersonalization.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPersonalizationApi();

var app = builder.Build();
app.MapPersonalizationApi();
await app.RunAsync();

/// <summary>Entry point; public so the in-process tests can host it.</summary>
public partial class Program;
