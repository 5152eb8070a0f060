using System.Globalization;
using OrleansPersonalization.Domain.Evaluation;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Ranking;
using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Evaluation;

/// <summary>
/// Offline evaluation command.
///   dotnet run --project src/Evaluation -- --input u.data [--seed 7]
///   dotnet run --project src/Evaluation -- --generate [--users 2000] [--items 1000] [--categories 20] [--seed 7] [--write out.tsv]
///   either with [--ease-items 2000] [--ease-lambda 200] (0 items leaves EASE out)
///   and [--min-support k] (default: the served default, Model:MinimumSupport)
/// </summary>
internal static class EvaluationProgram
{
    public static int Main(string[] args)
    {
        var options = Arguments.Parse(args);
        var seed = options.Int("seed", 7);
        IReadOnlyList<Interaction> interactions;
        IReadOnlyList<OrleansPersonalization.Domain.Catalog.CatalogItem>? catalog = null;
        if (options.Text("input") is { } input)
        {
            using var reader = File.OpenText(input);
            interactions = [.. InteractionFile.Read(reader)];
        }
        else
        {
            var synthetic = new SyntheticOptions
            {
                Users = options.Int("users", 2_000),
                Items = options.Int("items", 1_000),
                Categories = options.Int("categories", 20),
                Seed = seed,
            };
            catalog = SyntheticData.Catalog(synthetic);
            interactions = [.. SyntheticData.Interactions(synthetic, catalog, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero))];
            if (options.Text("write") is { } path)
            {
                using var writer = File.CreateText(path);
                InteractionFile.Write(writer, interactions);
            }
        }

        var settings = new EvaluationSettings
        {
            EaseItems = options.Int("ease-items", 2_000),
            EaseLambda = options.Int("ease-lambda", 200),
            Ranker = new RankerOptions { Seed = seed },
        };
        // The served threshold by default, so the figures describe what the cluster would serve.
        var model = new ModelOptions();
        model.MinimumSupport = options.Int("min-support", model.MinimumSupport);
        var report = OfflineEvaluation.Run(interactions, catalog, model, seed, settings);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Users} users, {report.Items} items, {report.Interactions} interactions; {report.TestUsers} users with a 20 % holdout (seed {seed})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"minimum support k = {model.MinimumSupport} (item-item, its ranker and most-popular; ease is an unthresholded reference)"));
        Console.WriteLine("recommender        Recall@20   NDCG@10   Coverage@10   training");
        foreach (var r in report.Results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name,-16} {r.RecallAt20,10:0.0000} {r.NdcgAt10,9:0.0000} {r.CoverageAt10,13:0.0000} {r.TrainingTime.TotalMilliseconds,8:0} ms"));
        }

        if (report.EaseItems > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ease covers the {report.EaseItems} most popular items (lambda {settings.EaseLambda})"));
        }

        if (report.Ranker is { } ranker)
        {
            var w = ranker.Learned;
            var r = ranker.Report;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ranker: {r.TrainingUsers} training users, {r.Examples} examples; weights similarity {w?.Similarity:0.000}, interest {w?.Interest:0.000}, popularity {w?.Popularity:0.000}, log-popularity {w?.LogPopularity:0.000}, category affinity {w?.Affinity:0.000}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ranker validation on {r.ValidationUsers} held-out users: Recall@20 hand-set {r.HandSetRecallAt20:0.0000}, learned {r.LearnedRecallAt20:0.0000} -> {(r.Adopted ? "switched on" : "kept off")}"));
        }
        else
        {
            Console.WriteLine("ranker: too few users to train");
        }

        return 0;
    }

    private sealed class Arguments(Dictionary<string, string?> values)
    {
        public static Arguments Parse(string[] args)
        {
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
                    values[args[i][2..]] = hasValue ? args[++i] : null;
                }
            }

            return new Arguments(values);
        }

        public string? Text(string name) => values.GetValueOrDefault(name);

        public int Int(string name, int fallback) =>
            values.TryGetValue(name, out var text) && text is not null ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
    }
}
