using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Pseudonymization;

namespace OrleansPersonalization.Tools.Import;

public enum InteractionsFormat
{
    /// <summary>A CSV with a header: <c>userId,itemId,type,at[,value]</c>; <c>at</c> ISO 8601 or Unix seconds.</summary>
    Csv,

    /// <summary>MovieLens <c>u.data</c>: tab-separated <c>user item rating timestamp</c>, no header; each row a rating.</summary>
    MovieLens,
}

/// <summary>Reads interactions and checks each with the rules the API applies, counting what it skips.</summary>
public static class InteractionsFile
{
    public const double MinRating = 0.5;
    public const double MaxRating = 5.0;

    public static IEnumerable<InteractionRow> Read(TextReader reader, InteractionsFormat format, SkipReasons skipped)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(skipped);
        var movieLens = format == InteractionsFormat.MovieLens;
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = movieLens ? "\t" : ",",
            HasHeaderRecord = !movieLens,
            TrimOptions = TrimOptions.Trim,
            BadDataFound = null,
            MissingFieldFound = null,
        });
        if (!movieLens && (!csv.Read() || !csv.ReadHeader()))
        {
            yield break;
        }

        var line = 0L;
        while (csv.Read())
        {
            line++;
            var (user, item, type, at, value) = movieLens
                ? (csv.GetField(0), csv.GetField(1), "rating", csv.GetField(3), csv.GetField(2))
                : (csv.GetField("userId"), csv.GetField("itemId"), csv.GetField("type"), csv.GetField("at"), csv.GetField("value"));
            if (movieLens)
            {
                // MovieLens numbers users and items: prefix them, so they read as ids of this data set.
                (user, item) = ("ml-" + user, "ml" + item);
            }

            if (!UserIdentifiers.IsValid(user))
            {
                skipped.Add("interactions: invalid user id");
            }
            else if (!CatalogRules.IsValidItemId(item))
            {
                skipped.Add("interactions: invalid item id");
            }
            else if (type is null || !EventTypes.Names.Contains(type, StringComparer.Ordinal))
            {
                skipped.Add("interactions: unknown type");
            }
            else if (!TryTime(at, out var time))
            {
                skipped.Add("interactions: unreadable time");
            }
            else if (!TryValue(type, value, out var rating))
            {
                skipped.Add("interactions: rating without a value from 0.5 to 5, or a value on another type");
            }
            else
            {
                yield return new InteractionRow(user!, item!, type, time, rating, EventId(format, line, user!, item!, time));
            }
        }
    }

    private static bool TryTime(string? text, out DateTimeOffset time)
    {
        time = default;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 253402300799)
        {
            time = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    private static bool TryValue(string type, string? text, out double? value)
    {
        value = null;
        if (type != "rating")
        {
            return string.IsNullOrEmpty(text);
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var rating) || double.IsNaN(rating) || rating < MinRating || rating > MaxRating)
        {
            return false;
        }

        value = rating;
        return true;
    }

    /// <summary>Stable across runs of the same file, so a re-run after an interruption records nothing twice.</summary>
    private static string EventId(InteractionsFormat format, long line, string user, string item, DateTimeOffset at)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{format}|{line}|{user}|{item}|{at.ToUnixTimeMilliseconds()}");
        return "import-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..32];
    }
}
