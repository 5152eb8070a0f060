using OrleansPersonalization.Domain.Audit;

namespace OrleansPersonalization.Storage;

/// <summary>Walks the stored audit trail and checks every link and the sealed head.</summary>
public sealed class AuditVerifier(IAuditTrail trail, AuditKey key)
{
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        // The head is read first: entries appended while walking only extend past it.
        var head = await trail.ReadHeadAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        await foreach (var entry in trail.ReadAllAsync(cancellationToken))
        {
            if (head is not null && entry.Sequence > head.Sequence)
            {
                break;
            }

            entries.Add(entry);
        }

        return AuditChain.Verify(key.Bytes, entries, head);
    }
}
