using Xunit.Abstractions;
using Xunit.Sdk;

namespace BadgeIssuer.Storage.Contract;

/// <summary>
/// Marks a concrete contract class whose store needs a server; its tests are reported as skipped, with
/// <see cref="Reason"/>, when <see cref="EnvironmentVariable"/> is unset.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresEnvironmentAttribute(string environmentVariable, string reason) : Attribute
{
    public string EnvironmentVariable { get; } = environmentVariable;
    public string Reason { get; } = reason;
}

/// <summary>A contract test: it runs against every store, and skips where the concrete class's store is not available.</summary>
[XunitTestCaseDiscoverer("BadgeIssuer.Storage.Contract.StoreFactDiscoverer", "BadgeIssuer.Storage.Contract")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Finds <see cref="StoreFactAttribute"/> tests and gives them the skip reason of the concrete class, if any.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        Type type = testMethod.TestClass.Class.ToRuntimeType();
        RequiresEnvironmentAttribute? requirement = type.GetCustomAttributes(typeof(RequiresEnvironmentAttribute), inherit: true).OfType<RequiresEnvironmentAttribute>().FirstOrDefault();
        string? skip = requirement is not null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(requirement.EnvironmentVariable)) ? requirement.Reason : null;
        yield return new StoreTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, skip);
    }
}

/// <summary>A test case whose skip reason is decided at discovery from the environment.</summary>
public sealed class StoreTestCase : XunitTestCase
{
    private string? _skipReason;

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, string? skipReason)
        : base(sink, display, options, method) => _skipReason = skipReason;

    protected override string? GetSkipReason(IAttributeInfo factAttribute) => _skipReason ?? base.GetSkipReason(factAttribute);

    public override void Serialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        base.Serialize(data);
        data.AddValue("SkipReason", _skipReason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _skipReason = data.GetValue<string?>("SkipReason");
        base.Deserialize(data);
    }
}
