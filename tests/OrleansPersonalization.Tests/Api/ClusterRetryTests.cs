using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansPersonalization.Api.Http;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// What the retry after a lost silo may replay: reads and idempotent writes, event ingestion (its
/// events keep their ids across replays, so they are recorded once), never an administrative POST.
/// </summary>
public sealed class ClusterRetryTests
{
    [Theory]
    [InlineData("POST", false, 1)]
    [InlineData("POST", true, 2)]
    [InlineData("PUT", false, 2)]
    [InlineData("DELETE", false, 2)]
    [InlineData("GET", false, 2)]
    public async Task Only_requests_that_are_safe_to_repeat_are_replayed(string method, bool replaySafe, int expectedCalls)
    {
        var context = Request(method, replaySafe);
        var calls = 0;
        var middleware = new ClusterRetryMiddleware(_ =>
        {
            calls++;
            return calls == 1 ? throw new SiloUnavailableException() : Task.CompletedTask;
        }, NullLogger<ClusterRetryMiddleware>.Instance);

        if (expectedCalls == 1)
        {
            await Assert.ThrowsAsync<SiloUnavailableException>(() => middleware.InvokeAsync(context));
        }
        else
        {
            await middleware.InvokeAsync(context);
        }

        Assert.Equal(expectedCalls, calls);
    }

    [Fact]
    public async Task A_write_refused_by_a_stale_duplicate_activation_is_replayed()
    {
        var context = Request("PUT", replaySafe: false);
        var calls = 0;
        var middleware = new ClusterRetryMiddleware(_ =>
        {
            calls++;
            return calls == 1 ? throw new Orleans.Storage.InconsistentStateException("stale etag", "1", "2") : Task.CompletedTask;
        }, NullLogger<ClusterRetryMiddleware>.Instance);

        await middleware.InvokeAsync(context);

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_replayed_event_request_assigns_the_same_event_ids_again()
    {
        var context = Request("POST", replaySafe: true);
        var seen = new List<string>();
        var middleware = new ClusterRetryMiddleware(http =>
        {
            seen.Add(RequestEventIds.For(http, 0) + " " + RequestEventIds.For(http, 1));
            return seen.Count == 1 ? throw new SiloUnavailableException() : Task.CompletedTask;
        }, NullLogger<ClusterRetryMiddleware>.Instance);

        await middleware.InvokeAsync(context);

        Assert.Equal(2, seen.Count);
        Assert.Equal(seen[0], seen[1]);
        Assert.NotEqual(RequestEventIds.For(Request("POST", true), 0), RequestEventIds.For(context, 0));
    }

    private static DefaultHttpContext Request(string method, bool replaySafe)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Body = new MemoryStream("{}"u8.ToArray());
        var metadata = replaySafe ? new EndpointMetadataCollection(ReplaySafe.Instance) : new EndpointMetadataCollection();
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, metadata, "test"));
        return context;
    }
}
