namespace Timeline.Core.Dates;

/// <summary>
/// The finest fully specified component of an <see cref="EdtfDate"/>.
/// Ordered from finest to coarsest so that the coarser of two is simply the larger value.
/// </summary>
public enum EdtfPrecision
{
    Day,
    Month,
    Year,
}
