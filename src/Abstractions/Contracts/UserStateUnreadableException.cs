namespace OrleansPersonalization.Contracts;

/// <summary>
/// The user's stored state exists but cannot be opened: the row is damaged, or its data key is
/// wrapped by a master key that is no longer configured. The grain neither reads nor overwrites
/// such a row (restoring the master key or a backup may still recover it); erasure always works.
/// The message never names the user.
/// </summary>
[GenerateSerializer, Alias("user-state-unreadable")]
public sealed class UserStateUnreadableException : Exception
{
    public const string DefaultMessage =
        "The stored data of this user cannot be read (damaged, or sealed under a master key that is no longer configured).";

    public UserStateUnreadableException()
        : base(DefaultMessage)
    {
    }

    public UserStateUnreadableException(string message)
        : base(message)
    {
    }

    public UserStateUnreadableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
