using System.CommandLine;
using OrleansPersonalization.Client;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Tools.Import;

// Operators' tools for an installation, over its public API with an admin key (the catalog) and an
// app key (consent and events): nothing here reaches the store or the cluster directly.
var api = new Option<string>("--api") { Description = "The API's base address.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
var adminKey = new Option<string>("--admin-key") { Description = "An admin key (for the catalog); default: $OP_ADMIN_KEY.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OP_ADMIN_KEY") ?? "" };
var appKey = new Option<string>("--app-key") { Description = "An app key (for consent and events); default: $OP_APP_KEY.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OP_APP_KEY") ?? "" };
var catalog = new Option<FileInfo?>("--catalog") { Description = "Catalog CSV with a header: itemId,category[,tags][,available]; tags separated by ';'." };
var interactions = new Option<FileInfo?>("--interactions") { Description = "Interactions: a CSV with a header userId,itemId,type,at[,value], or MovieLens u.data with --format movielens." };
var format = new Option<InteractionsFormat>("--format") { Description = "csv or movielens (u.data: user item rating timestamp, tab-separated).", DefaultValueFactory = _ => InteractionsFormat.Csv };
var policy = new Option<string>("--policy-version") { Description = "The privacy policy version the imported users' consent was given under (recorded with source=import).", Required = true };
var training = new Option<bool>("--model-training") { Description = "The imported users also consented to model training (their behaviour feeds the shared model)." };
var timestamps = new Option<TimestampMode>("--timestamps") { Description = "keep: as recorded; rebase: the newest moves to now, gaps kept; now: every user's history ends now.", DefaultValueFactory = _ => TimestampMode.Keep };
var missing = new Option<string?>("--missing-items-category") { Description = "Items the interactions name but the catalog lacks enter the catalog in this category (MovieLens u.data has no catalog)." };

var import = new Command("import", "Load a catalog and interactions into a new installation, with a recorded consent basis per user. " +
    "Interactions outside the retention window are refused and counted; rows that break the API's rules are skipped and counted by reason.")
{
    api, adminKey, appKey, catalog, interactions, format, policy, training, timestamps, missing,
};
import.SetAction(async (result, cancellationToken) =>
{
    if (!Uri.TryCreate(result.GetValue(api), UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
    {
        Console.Error.WriteLine("--api: an absolute http or https address, such as http://127.0.0.1:5080.");
        return 2;
    }

    var category = result.GetValue(missing);
    if (category is not null && !CatalogRules.IsValidLabel(category))
    {
        Console.Error.WriteLine("--missing-items-category: lower-case letters, digits and '-'.");
        return 2;
    }

    if (result.GetValue(catalog) is null && result.GetValue(interactions) is null)
    {
        Console.Error.WriteLine("Give --catalog, --interactions or both.");
        return 2;
    }

    var settings = new ImportSettings(result.GetValue(catalog), result.GetValue(interactions), result.GetValue(format), result.GetValue(policy)!,
        result.GetValue(training), result.GetValue(timestamps), category);
    using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };

    // Each key goes only where its role is needed: the admin key to the catalog, the app key to the rest.
    var client = new PersonalizationClient(http, new ApiCredentials(NullIfEmpty(result.GetValue(appKey)), NullIfEmpty(result.GetValue(adminKey))));
    try
    {
        var report = await new Importer(client, Console.Out, !Console.IsOutputRedirected).RunAsync(settings, TimeProvider.System, cancellationToken);
        report.WriteTo(Console.Out);
        return 0;
    }
    catch (Exception exception) when (exception is HttpRequestException or PersonalizationApiException or FormatException or InvalidOperationException or IOException)
    {
        Console.Error.WriteLine("import failed: " + exception.Message);
        return 1;
    }
});

var root = new RootCommand("OrleansPersonalization tools.") { import };

static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

return await root.Parse(args).InvokeAsync();
