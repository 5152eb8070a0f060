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
        var model = Metrics(output, "served");
        Assert.True(model.Recall > popular.Recall, output);
        Assert.True(model.Ndcg > popular.Ndcg, output);
        Assert.True(model.Coverage > popular.Coverage, output);

        // The references and the learned ranker are compared on the same split; the ranker says whether it was switched on.
        Assert.True(Metrics(output, "ease").Recall > popular.Recall, output);
        Assert.True(Metrics(output, "item-knn").Recall > popular.Recall, output);
        Assert.True(Metrics(output, "served+ranker").Recall > popular.Recall, output);
        Assert.Matches(@"ease: every item, lambda [0-9.]+ \(chosen on the validation split\)", output);
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

            Assert.True(Metrics(output, "served").Recall > 0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task It_takes_a_train_a_test_and_a_history_file_and_writes_the_top_lists()
    {
        var directory = Directory.CreateTempSubdirectory("op-evaluation-");
        try
        {
            var all = Path.Combine(directory.FullName, "all.tsv");
            await Run("--generate", "--users", "400", "--items", "200", "--categories", "8", "--write", all, "--write-split", directory.FullName, "--skip-ease", "--skip-ranker");
            var train = await File.ReadAllLinesAsync(Path.Combine(directory.FullName, "train.tsv"));
            var test = await File.ReadAllLinesAsync(Path.Combine(directory.FullName, "test.tsv"));
            Assert.All(train, line => Assert.Equal(3, line.Split('\t').Length));

            // A tenth of the users leave training: their training lines become the history of held-out users.
            var heldOut = test.Select(l => l.Split('\t')[0]).Distinct(StringComparer.Ordinal).Take(40).ToHashSet(StringComparer.Ordinal);
            var history = Path.Combine(directory.FullName, "history.tsv");
            var trainOnly = Path.Combine(directory.FullName, "train-only.tsv");
            await File.WriteAllLinesAsync(history, train.Where(l => heldOut.Contains(l.Split('\t')[0])));
            await File.WriteAllLinesAsync(trainOnly, train.Where(l => !heldOut.Contains(l.Split('\t')[0])));
            var top = Path.Combine(directory.FullName, "top");

            var output = await Run("--train", trainOnly, "--test", Path.Combine(directory.FullName, "test.tsv"), "--history", history, "--skip-ranker", "--write-top", top);

            Assert.Matches(@"ease: every item, lambda", output);
            foreach (var name in new[] { "served", "most-popular", "item-knn", "ease" })
            {
                Assert.True(Metrics(output, name).Recall > 0, output);
                var lines = await File.ReadAllLinesAsync(Path.Combine(top, $"{name}.tsv"));
                var users = lines.Select(l => l.Split('\t')[0]).Distinct(StringComparer.Ordinal).ToList();
                Assert.Superset(heldOut, users.ToHashSet(StringComparer.Ordinal));
                Assert.All(lines.GroupBy(l => l.Split('\t')[0]), g => Assert.Equal(Enumerable.Range(1, g.Count()), g.Select(l => int.Parse(l.Split('\t')[2], CultureInfo.InvariantCulture))));
            }

            Assert.True(Metrics(output, "served").Recall > Metrics(output, "most-popular").Recall, output);
        }
        finally
        {
            directory.Delete(recursive: true);
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
