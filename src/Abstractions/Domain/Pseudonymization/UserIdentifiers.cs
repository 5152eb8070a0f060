using System.Text;

namespace OrleansPersonalization.Domain.Pseudonymization;

/// <summary>
/// The one definition of a client's user id: 1 to 256 UTF-16 code units of well-formed Unicode,
/// no control characters, not a dot segment, compared in Unicode Normalization Form C. NFC makes
/// canonically equivalent spellings (a precomposed "é" and "e" + combining acute) one person, so
/// they get one pseudonym and one erasure; nothing else is folded (ids stay case-sensitive).
/// </summary>
public static class UserIdentifiers
{
    public const int MaxLength = 256;

    public const string Rule =
        "The user id must be 1 to 256 characters of well-formed Unicode without control characters or noncharacters, not '.' or '..', URL-encoded in the path.";

    /// <summary>
    /// Without ICU (globalization-invariant mode) Normalize silently does nothing and NFC and NFD
    /// spellings would become two users: a host in that mode refuses to start rather than split people.
    /// </summary>
    public static void EnsureNormalizationAvailable()
    {
        if ("e\u0301".Normalize(NormalizationForm.FormC) != "\u00e9")
        {
            throw new InvalidOperationException("Unicode normalization is unavailable: run with ICU (InvariantGlobalization=false, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT unset).");
        }
    }

    /// <summary>The canonical (NFC) form of a valid id, or null when the id is not acceptable.</summary>
    public static string? Canonicalize(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength * 4 || id is "." or ".." || !IsWellFormed(id))
        {
            return null;
        }

        string canonical;
        try
        {
            canonical = id.IsNormalized(NormalizationForm.FormC) ? id : id.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // ICU refuses what it calls invalid Unicode beyond the checks above: not an id.
            return null;
        }

        return canonical.Length <= MaxLength && canonical is not ("." or "..") ? canonical : null;
    }

    public static bool IsValid(string? id) => Canonicalize(id) is not null;

    private static bool IsWellFormed(string id)
    {
        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            // Noncharacters (U+FDD0–U+FDEF and the last two code points of every plane) are
            // "permanently reserved for internal use": never part of an interchanged identifier.
            if (char.IsControl(c) || c is >= '\uFDD0' and <= '\uFDEF' || (c & 0xFFFE) == 0xFFFE)
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= id.Length || !char.IsLowSurrogate(id[i + 1]) || (char.ConvertToUtf32(c, id[i + 1]) & 0xFFFE) == 0xFFFE)
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
