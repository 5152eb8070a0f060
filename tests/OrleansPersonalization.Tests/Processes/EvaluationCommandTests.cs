using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansPersonalization.Tests.Processes;

/// <summary>The offline evaluation command, run as a newcomer would, on a small generated set.</summary>
public partial class EvaluationCommandTests
{
    [Fact]
    public async Task The_model_beats_most_popular_on_recall_at_20()
    {
        var output = await Run("--generate", "--users", "1500", "--items", "800", "--categories", "16", "--seed", "11");

        var popular = Metrics(output, "most-popular");
        var model = Metrics(output, "item-item");
        Assert.True(model.Recall > popular.Recall, output);
        Assert.True(model.Ndcg > popular.Ndcg, output);
        Assert.True(model.Coverage > popular.Coverage, output);

        // EASE and the learned ranker are compared on the same split; the ranker says whether it was switched on.
        Assert.True(Metrics(output, "ease").Recall > popular.Recall, output);
        Assert.True(Metrics(output, "item-item+ranker").Recall > popular.Recall, output);
        Assert.Matches(@"ranker validation on \d+ held-out users: Recall@20 hand-set [0-9.]+, learned [0-9.]+ -> (switched on|kept off)", output);

        // Comparable with what is served: the served default k unless told otherwise.
        Assert.Contains($"minimum support k = {new OrleansPersonalization.Domain.Model.ModelOptions().MinimumSupport}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_reads_the_movielens_layout()
    {
        var file = Path.GetTempFileName();
        try
        {
            await Run("--generate", "--users", "300", "--items", "200", "--categories", "8", "--write", file);
            Assert.StartsWith("u", (await File.ReadAllLinesAsync(file))[0], StringComparison.Ordinal);

            var output = await Run("--input", file, "--seed", "3");

            Assert.Contains("item-item", output, StringComparison.Ordinal);
            Assert.True(Metrics(output, "item-item").Recall > 0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OrleansPersonalization.Evaluation.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
        return output;
    }

    private static (double Recall, double Ndcg, double Coverage) Metrics(string output, string name)
    {
        var match = MetricsLine().Matches(output).Single(m => m.Groups["name"].Value == name);
        double Value(string group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        return (Value("recall"), Value("ndcg"), Value("coverage"));
    }

    [GeneratedRegex(@"^(?<name>[a-z+-]+)\s+(?<recall>[0-9.]+)\s+(?<ndcg>[0-9.]+)\s+(?<coverage>[0-9.]+)\s+\d+ ms", RegexOptions.Multiline)]
    private static partial Regex MetricsLine();
}
