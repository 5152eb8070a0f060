using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// With tracing on (as it is when an OTLP endpoint is configured), what an exporter receives names
/// the route template, never the path with the user id in it, nor the client's address.
/// </summary>
public class TraceRedactionTests
{
    [Fact]
    public async Task Exported_spans_name_the_route_not_the_user()
    {
        var spans = new LockedList<Activity>();
        using var store = new TestStore(StoreKind.Sqlite);
        await using (var factory = new ApiFactory(
            store,
            settings: new Dictionary<string, string?> { ["Telemetry:Tracing"] = "true" },
            services: services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))))
        {
            const string user = "Trace.Person@example.com";
            await factory.App().Grant(user).ExpectJson(HttpStatusCode.OK);
            await factory.App().GetAsync(Http.User(user) + "/recommendations?count=3").ExpectJson(HttpStatusCode.OK);
            var key = factory.Services.GetRequiredService<UserPseudonymizer>().KeyFor(user);

            var server = await Eventually.Until(
                () => Task.FromResult(spans.Snapshot().Where(s => s.Kind == ActivityKind.Server).ToList()), s => s.Count >= 2, TimeSpan.FromSeconds(10));
            Assert.Contains(server, s => s.DisplayName == "GET /v1/users/{userId}/recommendations");
            foreach (var span in spans.Snapshot())
            {
                var text = span.DisplayName + " " + string.Join(" ", span.TagObjects.Select(t => t.Key + "=" + t.Value));
                foreach (var forbidden in new[] { user, Uri.EscapeDataString(user), key, "127.0.0.1" })
                {
                    Assert.DoesNotContain(forbidden, text, StringComparison.OrdinalIgnoreCase);
                }
            }
        }
    }
}

/// <summary>The exporter appends from its own thread while the test reads.</summary>
internal sealed class LockedList<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public List<T> Snapshot()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item) => Snapshot().Contains(item);

    public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    public bool Remove(T item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
