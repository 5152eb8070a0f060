using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;

namespace OrleansPersonalization.Cluster;

public enum ClusteringKind
{
    Localhost,
    AdoNet,
}

/// <summary>
/// Section <c>Cluster</c>: cluster identity, membership and ports. (Not <c>Orleans</c>: Orleans reads
/// that section itself to pick providers.)
/// </summary>
public sealed class OrleansEndpointOptions
{
    public const string Section = "Cluster";

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    public string ServiceId { get; set; } = "orleans-personalization";
    public string ClusterId { get; set; } = "embedded";

    /// <summary><c>Localhost</c> (one node) or <c>AdoNet</c> (membership in PostgreSQL).</summary>
    public ClusteringKind Membership { get; set; } = ClusteringKind.Localhost;

    /// <summary>
    /// The address other silos and clients use to reach this silo: an IP, or <c>auto</c> for this
    /// host's own IPv4 address (containers, where the address is only known at start).
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    public IPAddress ResolveAdvertisedAddress() =>
        AdvertisedAddress.Equals("auto", StringComparison.OrdinalIgnoreCase)
            ? Dns.GetHostAddresses(Dns.GetHostName()).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            : IPAddress.Parse(AdvertisedAddress);

    /// <summary>How long a grain call may wait for its answer in cluster mode; bounds the stall when a silo dies.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The same for the API tier's calls into the cluster. A request sent through a gateway silo that
    /// dies is answered by nobody, and the client learns of it only by this timeout; the API then
    /// replays it (every replayed request is idempotent), so this bounds what a silo crash costs a
    /// write. Calls that run for seconds keep their own, longer timeout (<c>LongOperations</c>).
    /// </summary>
    public TimeSpan ClientResponseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Listen on all interfaces (containers) rather than on the advertised address only.</summary>
    public bool ListenOnAnyAddress { get; set; }
}
