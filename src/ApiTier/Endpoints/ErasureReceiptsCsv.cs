using System.Globalization;
using System.Text;
using OrleansPersonalization.Contracts;

namespace OrleansPersonalization.Api.Endpoints;

/// <summary>
/// An erasure job's receipts as RFC 4180 CSV. Every field is server-made (an index, a fixed status, a
/// hex receipt id, an ISO time), so none needs quoting and none can start a spreadsheet formula.
/// </summary>
public static class ErasureReceiptsCsv
{
    public const string Header = "index,status,receiptId,erasedAt";

    public static byte[] Write(ErasureJobStatus job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var receipt in job.Receipts.OrderBy(r => r.Index))
        {
            csv.Append(receipt.Index.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(receipt.Status).Append(',')
                .Append(receipt.ReceiptId).Append(',')
                .Append(receipt.ErasedAt?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
