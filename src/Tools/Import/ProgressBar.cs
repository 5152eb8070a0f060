namespace OrleansPersonalization.Tools.Import;

/// <summary>A one-line progress bar on a terminal; plain lines when the output is redirected (CI logs, files).</summary>
public sealed class ProgressBar(TextWriter output, bool interactive)
{
    private const int Width = 30;
    private DateTime _lastLine = DateTime.MinValue;

    public void Report(string stage, long done, long total)
    {
        var fraction = total <= 0 ? 1 : Math.Clamp((double)done / total, 0, 1);
        if (interactive)
        {
            var filled = (int)Math.Round(fraction * Width);
            output.Write($"\r{stage,-12} [{new string('#', filled)}{new string('.', Width - filled)}] {done:N0}/{total:N0}");
            if (done >= total)
            {
                output.WriteLine();
            }

            return;
        }

        // Redirected: a line every few seconds and at the end, not a line per batch.
        if (done >= total || DateTime.UtcNow - _lastLine > TimeSpan.FromSeconds(5))
        {
            _lastLine = DateTime.UtcNow;
            output.WriteLine($"{stage}: {done:N0}/{total:N0} ({fraction:P0})");
        }
    }
}
