using OrleansPersonalization.Client;
using OrleansPersonalization.Client.Models;

namespace OrleansPersonalization.Tools.Import;

/// <summary>
/// Loads a catalog and interactions into a running installation through its public API: the batch
/// catalog endpoint (10,000 items a request), consent per user (recorded with source <c>import</c>
/// and the given policy version, so the basis of every imported user's data is on record), then the
/// bulk events endpoint (1,000 a request, several in flight). Interactions the service would drop for
/// age are counted and not sent.
/// </summary>
public sealed class Importer(PersonalizationClient api, TextWriter output, bool interactive)
{
    public const int ItemsPerRequest = 10_000;
    public const int EventsPerRequest = 1_000;
    private const int InFlight = 8;

    public async Task<ImportReport> RunAsync(ImportSettings settings, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(clock);
        var skipped = new SkipReasons();
        var progress = new ProgressBar(output, interactive);
        var limits = await LimitsAsync(cancellationToken);

        var catalog = new List<CatalogRow>();
        if (settings.Catalog is { } catalogFile)
        {
            using var reader = catalogFile.OpenText();
            catalog = CatalogFile.Read(reader, skipped).ToList();
        }

        var interactions = new List<InteractionRow>();
        if (settings.Interactions is { } interactionsFile)
        {
            using var reader = interactionsFile.OpenText();
            interactions = InteractionsFile.Read(reader, settings.Format, skipped).ToList();
        }

        // A file of interactions without a catalog (MovieLens u.data): its items enter the catalog in one category.
        if (settings.MissingItemsCategory is { } category)
        {
            var known = catalog.Select(c => c.ItemId).ToHashSet(StringComparer.Ordinal);
            catalog.AddRange(interactions.Select(i => i.ItemId).Distinct(StringComparer.Ordinal).Where(known.Add).Select(id => new CatalogRow(id, category, [], true)));
        }

        var items = await UpsertCatalogAsync(catalog, progress, cancellationToken);
        if (interactions.Count == 0)
        {
            return new ImportReport(items, 0, 0, 0, 0, 0, skipped) { PerUserBound = limits.MaxEventsPerUser };
        }

        var now = clock.GetUtcNow();
        interactions = Retime(interactions, settings.Timestamps, now);

        // What the service would drop is not sent: counted here, with a margin so an event does not
        // expire on its way. Events too far in the future would make their whole batch invalid.
        var oldestKept = now - TimeSpan.FromDays(limits.BehaviourDays) + TimeSpan.FromMinutes(10);
        var latest = now + TimeSpan.FromSeconds(limits.AllowedClockSkewSeconds);
        var refused = interactions.LongCount(i => i.At <= oldestKept);
        var future = interactions.LongCount(i => i.At > latest);
        if (future > 0)
        {
            skipped.Add("interactions: in the future", future);
        }

        var sendable = interactions.Where(i => i.At > oldestKept && i.At <= latest).ToList();
        var users = sendable.Select(i => i.UserId).Distinct(StringComparer.Ordinal).ToList();
        await GrantAsync(users, settings, progress, cancellationToken);
        var (recorded, dropped) = await SendEventsAsync(sendable, progress, cancellationToken);

        // Minimization bounds each user's behaviour: the service keeps the newest events only.
        var beyondBound = sendable.GroupBy(i => i.UserId, StringComparer.Ordinal).Sum(g => Math.Max(0L, g.LongCount() - limits.MaxEventsPerUser));
        return new ImportReport(items, users.Count, sendable.Count, recorded, dropped, refused, skipped) { BeyondPerUserBound = beyondBound, PerUserBound = limits.MaxEventsPerUser };
    }

    private async Task<RetentionLimits> LimitsAsync(CancellationToken cancellationToken) =>
        (await api.GetPrivacyNoticeAsync(cancellationToken)).Limits
            ?? throw new InvalidOperationException("The service's privacy notice states no retention limits: it is older than this tool.");

    private async Task<long> UpsertCatalogAsync(List<CatalogRow> rows, ProgressBar progress, CancellationToken cancellationToken)
    {
        var done = 0L;
        progress.Report("catalog", 0, rows.Count);
        foreach (var batch in rows.Chunk(ItemsPerRequest))
        {
            await api.UpsertItemsAsync([.. batch.Select(r => new BatchItem(r.ItemId, r.Category, r.Tags, r.Available))], cancellationToken);
            done += batch.Length;
            progress.Report("catalog", done, rows.Count);
        }

        return done;
    }

    private async Task GrantAsync(List<string> users, ImportSettings settings, ProgressBar progress, CancellationToken cancellationToken)
    {
        var done = 0L;
        progress.Report("consent", 0, users.Count);
        var consent = new ConsentUpdate(
            new Dictionary<string, bool> { [Purposes.Personalization] = true, [Purposes.ModelTraining] = settings.ModelTraining },
            settings.PolicyVersion,
            "import");
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = InFlight * 2, CancellationToken = cancellationToken }, async (user, token) =>
        {
            await api.SetConsentAsync(user, consent, token);
            progress.Report("consent", Interlocked.Increment(ref done), users.Count);
        });
    }

    private async Task<(long Recorded, long Dropped)> SendEventsAsync(List<InteractionRow> events, ProgressBar progress, CancellationToken cancellationToken)
    {
        long done = 0, recorded = 0, dropped = 0;
        progress.Report("events", 0, events.Count);
        await Parallel.ForEachAsync(events.Chunk(EventsPerRequest), new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = cancellationToken }, async (batch, token) =>
        {
            var outcome = await api.RecordEventsAsync([.. batch.Select(e => new BulkEvent(e.UserId, e.ItemId, e.Type, e.At, e.Value, e.EventId))], token);
            Interlocked.Add(ref recorded, outcome.Recorded);
            Interlocked.Add(ref dropped, outcome.Dropped);
            progress.Report("events", Interlocked.Add(ref done, batch.Length), events.Count);
        });
        return (recorded, dropped);
    }

    /// <summary><see cref="TimestampMode.Rebase"/> keeps the gaps and moves the newest to now; <see cref="TimestampMode.Now"/> stamps all now, a second apart per user.</summary>
    private static List<InteractionRow> Retime(List<InteractionRow> rows, TimestampMode mode, DateTimeOffset now)
    {
        if (rows.Count == 0 || mode == TimestampMode.Keep)
        {
            return rows;
        }

        if (mode == TimestampMode.Rebase)
        {
            var shift = now - rows.Max(r => r.At);
            return [.. rows.Select(r => r with { At = r.At + shift })];
        }

        // In file order per user, ending now: their order survives, and nothing is in the future.
        return [.. rows.GroupBy(r => r.UserId, StringComparer.Ordinal).SelectMany(g =>
        {
            var list = g.OrderBy(r => r.At).ToList();
            return list.Select((r, i) => r with { At = now - TimeSpan.FromSeconds(list.Count - i) });
        })];
    }
}
