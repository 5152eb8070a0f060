using OrleansPersonalization.Domain.Profile;

namespace OrleansPersonalization.Tests.Domain;

public class ProfileValidatorTests
{
    private static readonly HashSet<string> Categories = ["jazz", "rock"];

    [Fact]
    public void The_vocabularies_are_the_complete_ISO_code_lists()
    {
        Assert.Equal(249, ProfileVocabulary.Countries.Count);
        Assert.Equal(183, ProfileVocabulary.Languages.Count);
        Assert.All(ProfileVocabulary.Countries, c => Assert.Matches("^[A-Z]{2}$", c));
        Assert.All(ProfileVocabulary.Languages, l => Assert.Matches("^[a-z]{2}$", l));
    }

    [Fact]
    public void A_profile_within_the_vocabularies_is_valid()
    {
        var profile = new UserProfile { AgeBand = "25-34", Country = "DE", Language = "de", Interests = ["jazz"], PersonalizationLevel = "basic" };

        Assert.Empty(ProfileValidator.Validate(profile, Categories));
    }

    [Theory]
    [InlineData("ageBand", "30")]
    [InlineData("country", "zz")]
    [InlineData("country", "XX")]
    [InlineData("language", "deu")]
    [InlineData("personalizationLevel", "max")]
    [InlineData("interests", "metal")]
    public void Values_outside_the_vocabulary_are_named(string field, string value)
    {
        var profile = field switch
        {
            "ageBand" => new UserProfile { AgeBand = value },
            "country" => new UserProfile { Country = value },
            "language" => new UserProfile { Language = value },
            "personalizationLevel" => new UserProfile { PersonalizationLevel = value },
            _ => new UserProfile { Interests = [value] },
        };

        var errors = ProfileValidator.Validate(profile, Categories);

        Assert.Equal([field], errors.Keys);
        Assert.DoesNotContain(value, errors[field][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Interests_are_bounded_and_distinct()
    {
        var many = Enumerable.Range(0, 21).Select(i => $"c{i}").ToHashSet();

        Assert.Contains("interests", ProfileValidator.Validate(new UserProfile { Interests = [.. many] }, many).Keys);
        Assert.Contains("interests", ProfileValidator.Validate(new UserProfile { Interests = ["jazz", "jazz"] }, Categories).Keys);
    }
}
