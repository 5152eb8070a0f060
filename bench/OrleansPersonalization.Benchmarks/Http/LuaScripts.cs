using System.Globalization;

namespace OrleansPersonalization.Benchmarks.Http;

/// <summary>
/// The wrk scripts of the rows: each thread seeds its own generator, picks random users of the
/// loaded population and sends the request a client of that endpoint would send.
/// </summary>
internal static class LuaScripts
{
    private static string Prelude(int users, int items) => string.Create(CultureInfo.InvariantCulture, $$"""
        local users, items = {{users}}, {{items}}
        local threads = 0
        function setup(thread)
          threads = threads + 1
          thread:set("id", threads)
        end
        function init(args)
          math.randomseed(id * 7919 + os.time())
        end

        """);

    public static string Get(string path) => $$"""
        request = function()
          return wrk.format("GET", "{{path}}")
        end
        """;

    public static string Recommendations(int users, int items, string appKey) => Prelude(users, items) + $$"""
        request = function()
          return wrk.format("GET", "/v1/users/load-" .. math.random(1, users) .. "/recommendations?count=10", { ["X-Api-Key"] = "{{appKey}}" })
        end
        """;

    public static string SingleEvents(int users, int items, string appKey) => Prelude(users, items) + $$"""
        local types = { "view", "view", "view", "click", "addToCart", "purchase" }
        request = function()
          local body = '{"itemId":"i' .. math.random(1, items) .. '","type":"' .. types[math.random(1, #types)] .. '"}'
          return wrk.format("POST", "/v1/users/load-" .. math.random(1, users) .. "/events",
            { ["X-Api-Key"] = "{{appKey}}", ["Content-Type"] = "application/json" }, body)
        end
        """;

    /// <summary>
    /// Every request is a real change: each thread owns the users whose number is its own modulo the
    /// thread count and flips one purpose (granted at load), so half the requests are withdrawals.
    /// </summary>
    public static string ConsentChanges(string prefix, string purpose, string other, int users, int items, int threads, string appKey) => Prelude(users, items) + $$"""
        local granted = {}
        request = function()
          local u = math.random(0, math.floor(users / {{threads}}) - 1) * {{threads}} + id
          local next = granted[u] == false
          granted[u] = next
          local body = '{"purposes":{"{{purpose}}":' .. tostring(next) .. ',{{other}}},"policyVersion":"2026-11","source":"settings-page"}'
          return wrk.format("PUT", "/v1/users/{{prefix}}" .. u .. "/consent",
            { ["X-Api-Key"] = "{{appKey}}", ["Content-Type"] = "application/json" }, body)
        end
        """;

    public static string ItemChanges(int users, int items, int categories, string adminKey) => Prelude(users, items) + $$"""
        request = function()
          local body = '{"category":"category-' .. math.random(1, {{categories}}) .. '","tags":["load"],"available":true}'
          return wrk.format("PUT", "/v1/items/i" .. math.random(1, items),
            { ["X-Api-Key"] = "{{adminKey}}", ["Content-Type"] = "application/json" }, body)
        end
        """;
}
