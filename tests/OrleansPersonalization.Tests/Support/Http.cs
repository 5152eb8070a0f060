using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansPersonalization.Tests.Support;

/// <summary>Small helpers that keep the HTTP tests readable.</summary>
public static class Http
{
    public static string User(string id) => "/v1/users/" + Uri.EscapeDataString(id);

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(object body) => Json(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));

    public static async Task<JsonNode> ReadJson(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public static async Task<JsonNode> ExpectJson(this Task<HttpResponseMessage> request, HttpStatusCode status)
    {
        using var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>Asserts an RFC 9457 problem with the given status, and returns it.</summary>
    public static async Task<JsonNode> ExpectProblem(this Task<HttpResponseMessage> request, HttpStatusCode status)
    {
        using var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.NotNull(problem["type"]);
        Assert.NotNull(problem["title"]);
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));
        return problem;
    }

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string path, object body) =>
        client.PutAsync(path, Json(body));

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string path, object body) =>
        client.PostAsync(path, Json(body));

    public static Task<HttpResponseMessage> Grant(this HttpClient client, string userId, bool personalization = true, bool modelTraining = false) =>
        client.PutJson(User(userId) + "/consent", new
        {
            purposes = new Dictionary<string, bool> { ["personalization"] = personalization, ["modelTraining"] = modelTraining },
            policyVersion = "2026-11",
            source = "settings-page",
        });

    public static async Task<T> Json<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web))!;
}
