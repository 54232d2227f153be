using Xunit;

// Several tests check that a descriptor NUMBER is closed, or that a number gets reused by the next open.
// Other tests opening descriptors on parallel threads would take those numbers and make the checks lie.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
