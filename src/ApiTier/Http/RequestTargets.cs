using System.Text;

namespace OrleansPersonalization.Api.Http;

/// <summary>
/// Strict percent-decoding of a raw request-target path (RFC 3986): only ASCII on the wire, every
/// <c>%</c> followed by two hex digits, and the escapes of each run forming valid UTF-8. Gives the
/// fully decoded text and the text as the server's own path decoding sees it (which keeps an
/// encoded slash as it was sent), so a caller can tell whether the server changed the path.
/// </summary>
public static class RequestTargets
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryDecode(string raw, out string decoded, out string serverView)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var full = new StringBuilder(raw.Length);
        var view = new StringBuilder(raw.Length);
        var pending = new List<byte>();
        decoded = serverView = "";
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c > 0x7E || c < 0x21)
            {
                return false;
            }

            if (c != '%')
            {
                if (!Flush(pending, full, view))
                {
                    return false;
                }

                full.Append(c);
                view.Append(c);
                continue;
            }

            if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
            {
                return false;
            }

            var value = (byte)Convert.ToInt32(raw.Substring(i + 1, 2), 16);
            if (value == '/')
            {
                // The server leaves %2F undecoded in the path it routes on.
                if (!Flush(pending, full, view))
                {
                    return false;
                }

                full.Append('/');
                view.Append(raw, i, 3);
            }
            else
            {
                pending.Add(value);
            }

            i += 2;
        }

        if (!Flush(pending, full, view))
        {
            return false;
        }

        decoded = full.ToString();
        serverView = view.ToString();
        return true;
    }

    private static bool Flush(List<byte> pending, StringBuilder full, StringBuilder view)
    {
        if (pending.Count == 0)
        {
            return true;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString([.. pending]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        pending.Clear();
        full.Append(text);
        view.Append(text);
        return true;
    }
}
