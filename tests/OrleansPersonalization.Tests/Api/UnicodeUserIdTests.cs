using System.Net;
using System.Text;
using CsCheck;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// P4/P6: one person, one pseudonym. User ids are compared in Unicode Normalization Form C, so
/// the precomposed and the decomposed spelling of a name are the same user (one consent, one
/// erasure); ids that are not well-formed Unicode are refused.
/// </summary>
public abstract class UnicodeUserIdTests<TFixture>(TFixture fixture) : ApiTestBase<TFixture>(fixture)
    where TFixture : ApiFixture
{
    [Fact]
    public async Task NFC_and_NFD_spellings_are_one_user_and_erasing_one_erases_both()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var composed = $"Jos\u00e9-M\u00fcller-{suffix}";
        var decomposed = composed.Normalize(NormalizationForm.FormD);
        Assert.NotEqual(composed, decomposed);

        await App.Grant(decomposed).ExpectJson(HttpStatusCode.OK);
        await App.PostJson("/v1/events", new { events = new[] { new { userId = composed, itemId = "nfc-item", type = "view" } } }).ExpectJson(HttpStatusCode.Accepted);

        var export = await App.GetAsync(Http.User(composed) + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.True(export["consent"]!["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
        Assert.Equal("nfc-item", Assert.Single(export["events"]!.AsArray())!["itemId"]!.GetValue<string>());
        Assert.Equal(KeyOf(composed), KeyOf(decomposed));

        await App.DeleteAsync(Http.User(composed)).ExpectJson(HttpStatusCode.OK);

        var after = await App.GetAsync(Http.User(decomposed) + "/consent").ExpectJson(HttpStatusCode.OK);
        Assert.False(after["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
        Assert.Null(UserRow(decomposed));
    }

    [Fact]
    public async Task Every_canonically_equivalent_spelling_names_the_same_user()
    {
        // Base letters followed by combining marks in random order: NFC composes and reorders them.
        char[] letters = ['a', 'e', 'o', 'u', 'n', 'c', 'A', 'O'];
        char[] marks = ['\u0300', '\u0301', '\u0302', '\u0303', '\u0308', '\u0327', '\u0323'];
        var gen = Gen.Select(Gen.Int[0, letters.Length - 1], Gen.Int[0, marks.Length - 1], Gen.Int[0, marks.Length - 1])
            .Select((l, m1, m2) => $"{letters[l]}{marks[m1]}{marks[m2]}")
            .Array[1, 4]
            .Select(parts => string.Concat(parts));

        await gen.SampleAsync(async name =>
        {
            var id = "u-" + Guid.NewGuid().ToString("N")[..6] + "-" + name;
            var spellings = new[] { id, id.Normalize(NormalizationForm.FormC), id.Normalize(NormalizationForm.FormD) };
            await App.Grant(spellings[Random.Shared.Next(spellings.Length)]).ExpectJson(HttpStatusCode.OK);
            foreach (var spelling in spellings)
            {
                var consent = await App.GetAsync(Http.User(spelling) + "/consent").ExpectJson(HttpStatusCode.OK);
                Assert.True(consent["purposes"]!["personalization"]!["granted"]!.GetValue<bool>(), $"{spelling} is another user");
            }
        }, iter: 40, threads: 1, seed: null);
    }

    [Theory]
    [InlineData("/v1/users/%ED%A0%80/consent")] // a lone high surrogate, encoded as UTF-8 would (invalid)
    [InlineData("/v1/users/a%ED%B0%80b/consent")]
    [InlineData("/v1/users/%C0%AF/consent")] // an overlong slash
    [InlineData("/v1/users/%FF%FE/consent")]
    public async Task Ids_that_are_not_well_formed_unicode_are_400(string path)
    {
        var before = Store.Snapshot();

        await App.GetAsync(path).ExpectProblem(HttpStatusCode.BadRequest);

        Assert.Equal(before, Store.Snapshot());
    }

    [Fact]
    public async Task Bulk_events_for_ids_that_cannot_be_addressed_in_a_path_or_are_lone_surrogates_are_400()
    {
        foreach (var body in new[]
        {
            "{\"events\":[{\"userId\":\"..\",\"itemId\":\"i\",\"type\":\"view\"}]}",
            "{\"events\":[{\"userId\":\".\",\"itemId\":\"i\",\"type\":\"view\"}]}",
            "{\"events\":[{\"userId\":\"\\ud800\",\"itemId\":\"i\",\"type\":\"view\"}]}",
            "{\"events\":[{\"userId\":\"a\\udc00\",\"itemId\":\"i\",\"type\":\"view\"}]}",
        })
        {
            var before = Store.Snapshot();
            await App.PostAsync("/v1/events", Http.Json(body)).ExpectProblem(HttpStatusCode.BadRequest);
            Assert.Equal(before, Store.Snapshot());
        }
    }
}

public sealed class UnicodeUserIdTestsOnSqlite(SqliteApiFixture fixture) : UnicodeUserIdTests<SqliteApiFixture>(fixture);

public sealed class UnicodeUserIdTestsOnPostgres(PostgresApiFixture fixture) : UnicodeUserIdTests<PostgresApiFixture>(fixture);
