namespace BadgeIssuer.Core.Status;

/// <summary>
/// Hands out status-list slots from blocks taken from the store (one atomic write per block instead of one per
/// credential). A block is never shared between processes; slots a process did not use before it stopped stay unused,
/// which costs nothing but a few entries of a list.
/// </summary>
public sealed class StatusSlotAllocator(Ports.IStatusListStore lists, TimeProvider time)
{
    /// <summary>Slots taken per store write.</summary>
    public const int BlockSize = 64;

    private readonly Dictionary<(string IssuerId, string Purpose), Queue<StatusSlot>> _free = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>A slot no other credential has or will get.</summary>
    public async Task<StatusSlot> NextAsync(string issuerId, string purpose, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_free.TryGetValue((issuerId, purpose), out Queue<StatusSlot>? free) || free.Count == 0)
            {
                StatusBlock block = await lists.AllocateAsync(issuerId, purpose, BlockSize, time.GetUtcNow(), cancellationToken);
                _free[(issuerId, purpose)] = free = new Queue<StatusSlot>(block.Slots);
            }
            return free.Dequeue();
        }
        finally
        {
            _gate.Release();
        }
    }
}
