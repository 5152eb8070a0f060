using System.Globalization;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Evaluation;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Ranking;
using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Evaluation;

/// <summary>The offline evaluation command (see <see cref="Usage"/>).</summary>
internal static class EvaluationProgram
{
    private const string Usage = """
        Offline evaluation: the served model next to most-popular, item-kNN (cosine, all neighbours) and EASE.

          --train F --test F [--history F]   a given split: TSV 'user item timestamp' (or u.data's 'user item rating timestamp');
                                             --history holds the interactions of test users left out of training (fold-in)
          --input F                          one file, split per user at random: a fifth of each user's items to test
          --generate [--users 2000] [--items 1000] [--categories 20] [--write out.tsv]   synthetic data

          --seed 7                 the split's and the validation split's seed
          --min-support k          the served k (default: Model:MinimumSupport)
          --contribution-items N   the served contribution cap (default: Model:MaxContributionItems)
          --max-events N           events a user keeps (default 200, Privacy:MaxEventsPerUser)
          --dense-items N          the served dense head size (0: cosine neighbours only)
          --dense-lambda L  --dense-dropout P  --dense-user-weight A    the served dense model's hyperparameters
          --dense-weights-per-item K  serve only each held item's K strongest weights (0: all)
          --tune-served            also tune the served λ and dropout on the validation split
          --skip-ease  --skip-ranker
          --write-top DIR          write each model's top-20 lists to DIR/<model>.tsv ('user item rank')
          --write-split DIR        write the split's train.tsv and test.tsv (three columns) to DIR

          --api URL --app-key K --admin-key K [--api-only]
                                   also feed the split through a running API (catalog, consent, every training interaction
                                   as a view, in time order) and judge its recommendations (count=100, held items removed)

        Hyperparameters are chosen on a validation split carved from the training part; the test part is read only to judge.
        """;

    public static async Task<int> Main(string[] args)
    {
        var options = Arguments.Parse(args);
        if (options.Has("help"))
        {
            Console.WriteLine(Usage);
            return 0;
        }

        var seed = options.Int("seed", 7);
        IReadOnlyList<CatalogItem>? catalog = null;
        EvaluationSplit split;
        if (options.Text("train") is { } train)
        {
            var test = options.Text("test") ?? throw new ArgumentException("--train needs --test.");
            split = EvaluationSplit.From(InteractionFile.Read(train), InteractionFile.Read(test), options.Text("history") is { } h ? InteractionFile.Read(h) : null);
        }
        else if (options.Text("input") is { } input)
        {
            split = EvaluationSplit.Random(InteractionFile.Read(input), seed);
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
            List<Interaction> interactions = [.. SyntheticData.Interactions(synthetic, catalog, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero))];
            if (options.Text("write") is { } path)
            {
                using var writer = File.CreateText(path);
                InteractionFile.Write(writer, interactions);
            }

            split = EvaluationSplit.Random(interactions, seed);
        }

        if (options.Text("write-split") is { } splitDirectory)
        {
            WriteSplit(split, splitDirectory);
        }

        // The served defaults unless told otherwise, so the figures describe what the cluster serves.
        var model = new ModelOptions();
        model.MinimumSupport = options.Int("min-support", model.MinimumSupport);
        model.MaxContributionItems = options.Int("contribution-items", model.MaxContributionItems);
        model.DenseItems = options.Int("dense-items", model.DenseItems);
        model.DenseLambda = options.Double("dense-lambda", model.DenseLambda);
        model.DenseDropout = options.Double("dense-dropout", model.DenseDropout);
        model.DenseUserWeightExponent = options.Double("dense-user-weight", model.DenseUserWeightExponent);
        model.DenseScoringWeightsPerItem = options.Int("dense-weights-per-item", model.DenseScoringWeightsPerItem);
        var settings = new EvaluationSettings
        {
            Seed = seed,
            TuneServed = options.Has("tune-served"),
            SkipEase = options.Has("skip-ease"),
            SkipRanker = options.Has("skip-ranker"),
            MaxEvents = options.Int("max-events", 200),
            Ranker = new RankerOptions { Seed = seed },
        };

        var topDirectory = options.Text("write-top");
        if (options.Text("api") is { } api)
        {
            var replay = new ApiReplay(
                new Uri(api.EndsWith('/') ? api : api + "/"),
                options.Text("app-key") ?? throw new ArgumentException("--api needs --app-key."),
                options.Text("admin-key") ?? throw new ArgumentException("--api needs --admin-key."),
                Console.Out);
            var (result, lists) = await replay.RunAsync(split, CancellationToken.None);
            Console.WriteLine("recommender        Recall@20   NDCG@10   Coverage@10");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"served-api",-16} {result.RecallAt20,10:0.0000} {result.NdcgAt10,9:0.0000} {result.CoverageAt10,13:0.0000}"));
            if (topDirectory is not null)
            {
                Directory.CreateDirectory(topDirectory);
                await using var writer = File.CreateText(Path.Combine(topDirectory, "served-api.tsv"));
                foreach (var (user, top) in lists.OrderBy(l => l.Key, StringComparer.Ordinal))
                {
                    for (var rank = 0; rank < top.Count; rank++)
                    {
                        await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{user}\t{top[rank]}\t{rank + 1}"));
                    }
                }
            }

            if (options.Has("api-only"))
            {
                return 0;
            }
        }

        var writers = new Dictionary<string, StreamWriter>(StringComparer.Ordinal);
        try
        {
            Action<string, string, IReadOnlyList<string>>? lists = topDirectory is null ? null : (name, user, top) =>
            {
                if (!writers.TryGetValue(name, out var writer))
                {
                    Directory.CreateDirectory(topDirectory);
                    writers[name] = writer = File.CreateText(Path.Combine(topDirectory, $"{name}.tsv"));
                }

                for (var rank = 0; rank < top.Count; rank++)
                {
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{user}\t{top[rank]}\t{rank + 1}"));
                }
            };
            Print(OfflineEvaluation.Run(split, catalog, model, settings, lists), settings);
        }
        finally
        {
            foreach (var writer in writers.Values)
            {
                writer.Dispose();
            }
        }

        return 0;
    }

    private static void Print(EvaluationReport report, EvaluationSettings settings)
    {
        var served = report.Served;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.TrainUsers} training users, {report.Items} items, {report.TrainInteractions} training interactions; {report.TestUsers} test users (seed {settings.Seed})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"minimum support k = {served.MinimumSupport}; served: contribution cap {served.MaxContributionItems}, {settings.MaxEvents} events kept, dense head {served.DenseItems} items, lambda {served.DenseLambda}, dropout {served.DenseDropout}, user weight |x|^-{served.DenseUserWeightExponent}"));
        foreach (var line in report.Tuning)
        {
            Console.WriteLine($"  tuning: {line}");
        }

        Console.WriteLine("recommender        Recall@20   NDCG@10   Coverage@10   training");
        foreach (var r in report.Results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name,-16} {r.RecallAt20,10:0.0000} {r.NdcgAt10,9:0.0000} {r.CoverageAt10,13:0.0000} {r.TrainingTime.TotalMilliseconds,8:0} ms"));
        }

        if (!double.IsNaN(report.EaseLambda))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ease: every item, lambda {report.EaseLambda} (chosen on the validation split)"));
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
        else if (!settings.SkipRanker)
        {
            Console.WriteLine("ranker: too few users to train");
        }
    }

    private static void WriteSplit(EvaluationSplit split, string directory)
    {
        Directory.CreateDirectory(directory);
        using (var train = File.CreateText(Path.Combine(directory, "train.tsv")))
        {
            InteractionFile.WriteViews(train, split.Train.OrderBy(t => t.Key, StringComparer.Ordinal).SelectMany(t => t.Value));
        }

        using var test = File.CreateText(Path.Combine(directory, "test.tsv"));
        foreach (var (user, items) in split.Test.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            foreach (var item in items.Order(StringComparer.Ordinal))
            {
                test.WriteLine($"{user}\t{item}\t0");
            }
        }
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

        public bool Has(string name) => values.ContainsKey(name);

        public string? Text(string name) => values.GetValueOrDefault(name);

        public int Int(string name, int fallback) =>
            values.TryGetValue(name, out var text) && text is not null ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        public double Double(string name, double fallback) =>
            values.TryGetValue(name, out var text) && text is not null ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;
    }
}
