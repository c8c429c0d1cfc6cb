using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Alba.Coordination.Live;

/// <summary>
/// SignalR's JSON protocol, reading <c>Join(group)</c> as <c>Join(group, null)</c>. SPEC.md §6 names both
/// <c>Join(group)</c> and <c>Join(group, afterPosition)</c>, but SignalR binds hub arguments by count and supports
/// neither overloads nor optional parameters (dotnet/aspnetcore#8853); existing clients keep calling the short form.
/// </summary>
public sealed class JoinArgumentsProtocol(IOptions<JsonHubProtocolOptions> options) : IHubProtocol
{
    private readonly JsonHubProtocol _json = new(options);

    public string Name => _json.Name;
    public int Version => _json.Version;
    public TransferFormat TransferFormat => _json.TransferFormat;
    public bool IsVersionSupported(int version) => _json.IsVersionSupported(version);
    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _json.WriteMessage(message, output);
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _json.GetMessageBytes(message);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var unread = input;
        if (!_json.TryParseMessage(ref input, binder, out message)) return false;
        if (message is InvocationBindingFailureMessage { Target: var target } && IsJoin(target)
            && _json.TryParseMessage(ref unread, new GroupOnlyJoin(binder), out var shortForm)
            && shortForm is InvocationMessage { Arguments.Length: 1 } join)
            message = new InvocationMessage(join.InvocationId, join.Target, [join.Arguments[0], null], join.StreamIds) { Headers = join.Headers };
        return true;
    }

    // Hub method names are matched without regard to case.
    private static bool IsJoin(string target) => string.Equals(target, nameof(LiveHub.Join), StringComparison.OrdinalIgnoreCase);

    private sealed class GroupOnlyJoin(IInvocationBinder inner) : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => IsJoin(methodName) ? [typeof(string)] : inner.GetParameterTypes(methodName);
        public Type GetReturnType(string invocationId) => inner.GetReturnType(invocationId);
        public Type GetStreamItemType(string streamId) => inner.GetStreamItemType(streamId);
    }
}
