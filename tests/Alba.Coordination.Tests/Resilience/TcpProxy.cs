using System.Net;
using System.Net.Sockets;

namespace Alba.Coordination.Tests.Resilience;

/// <summary>
/// A loopback TCP proxy in front of PostgreSQL that a test can cut (every connection dropped, new ones refused) and
/// restore, so a host can lose its database while the shared server keeps serving everyone else.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _open = [];
    private TcpListener _listener;
    private Task _accepting;

    public int Port { get; }

    public TcpProxy(string targetHost, int targetPort)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(targetHost).First(a => a.AddressFamily == AddressFamily.InterNetwork), targetPort);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Accept(_listener);
    }

    /// <summary>Drops every connection and refuses new ones, as a database that went away.</summary>
    public async Task Cut()
    {
        _listener.Stop();
        await _accepting;
        lock (_open)
        {
            foreach (var client in _open) client.Dispose();
            _open.Clear();
        }
    }

    public void Restore()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _accepting = Accept(_listener);
    }

    private async Task Accept(TcpListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                return; // stopped
            }
            _ = Relay(inbound);
        }
    }

    private async Task Relay(TcpClient inbound)
    {
        var outbound = new TcpClient();
        lock (_open) _open.AddRange([inbound, outbound]);
        try
        {
            await outbound.ConnectAsync(_target, _stopping.Token);
            await using var from = inbound.GetStream();
            await using var to = outbound.GetStream();
            await Task.WhenAny(from.CopyToAsync(to, _stopping.Token), to.CopyToAsync(from, _stopping.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // one side went away: close both
        }
        finally
        {
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Cut();
        _stopping.Dispose();
    }
}
