using Microsoft.Extensions.Logging;

namespace OrleansPersonalization.Cluster;

/// <summary>Log messages about how a process joins the cluster.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(2004, LogLevel.Warning, "Cluster:AllowInsecure=true: the cluster's silo and gateway ports run without TLS and accept anyone who can reach them (any process can join as a client and call every grain); set Cluster:TlsCertificateFile to require the cluster certificate")]
    public static partial void ClusterPortsInsecure(this ILogger logger);
}
