namespace OrleansPersonalization.Domain.Profile;

/// <summary>Checks a profile against the vocabularies and the current catalog categories.</summary>
public static class ProfileValidator
{
    public static Dictionary<string, string[]> Validate(UserProfile profile, IReadOnlySet<string> catalogCategories)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(catalogCategories);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        if (profile.AgeBand is not null && !ProfileVocabulary.AgeBands.Contains(profile.AgeBand))
        {
            errors["ageBand"] = [$"Must be one of: {string.Join(", ", ProfileVocabulary.AgeBands)}."];
        }

        if (profile.Country is not null && !ProfileVocabulary.Countries.Contains(profile.Country))
        {
            errors["country"] = ["Must be an ISO 3166-1 alpha-2 code in upper case, such as DE."];
        }

        if (profile.Language is not null && !ProfileVocabulary.Languages.Contains(profile.Language))
        {
            errors["language"] = ["Must be an ISO 639-1 code in lower case, such as de."];
        }

        if (!ProfileVocabulary.PersonalizationLevels.Contains(profile.PersonalizationLevel))
        {
            errors["personalizationLevel"] = [$"Must be one of: {string.Join(", ", ProfileVocabulary.PersonalizationLevels)}."];
        }

        if (profile.Interests.Length > ProfileVocabulary.MaxInterests)
        {
            errors["interests"] = [$"At most {ProfileVocabulary.MaxInterests} interests."];
        }
        else if (profile.Interests.Any(i => !catalogCategories.Contains(i)))
        {
            errors["interests"] = ["Every interest must be a catalog category (see the categories of PUT /v1/items)."];
        }
        else if (profile.Interests.Distinct(StringComparer.Ordinal).Count() != profile.Interests.Length)
        {
            errors["interests"] = ["Interests must not repeat."];
        }

        return errors;
    }
}
