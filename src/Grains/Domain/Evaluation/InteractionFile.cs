using System.Globalization;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Domain.Evaluation;

/// <summary>
/// Tab-separated interaction files: <c>user item timestamp</c> (a view at that time), or the
/// MovieLens <c>u.data</c> layout <c>user item rating timestamp</c>; timestamps in Unix seconds.
/// </summary>
public static class InteractionFile
{
    public static IEnumerable<Interaction> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length == 3 && long.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var at))
            {
                yield return new Interaction(fields[0], fields[1], EventType.View, 0, DateTimeOffset.FromUnixTimeSeconds(at));
                continue;
            }

            if (fields.Length < 4
                || !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var rating)
                || !long.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                throw new FormatException($"Line {number}: expected 'user<TAB>item<TAB>unix-seconds' or 'user<TAB>item<TAB>rating<TAB>unix-seconds'.");
            }

            yield return new Interaction(fields[0], fields[1], EventType.Rating, Math.Clamp(rating, 0.5, 5), DateTimeOffset.FromUnixTimeSeconds(seconds));
        }
    }

    public static List<Interaction> Read(string path)
    {
        using var reader = File.OpenText(path);
        return [.. Read(reader)];
    }

    public static void Write(TextWriter writer, IEnumerable<Interaction> interactions)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(interactions);
        foreach (var i in interactions)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i.UserId}\t{i.ItemId}\t{i.Rating}\t{i.At.ToUnixTimeSeconds()}"));
        }
    }

    /// <summary>The three-column layout (<c>user item timestamp</c>), what the evaluation reads as train and test files.</summary>
    public static void WriteViews(TextWriter writer, IEnumerable<Interaction> interactions)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(interactions);
        foreach (var i in interactions)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i.UserId}\t{i.ItemId}\t{i.At.ToUnixTimeSeconds()}"));
        }
    }
}
