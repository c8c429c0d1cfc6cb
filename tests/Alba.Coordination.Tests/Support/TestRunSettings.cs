// Collections run one after another: the browser tests measure "visible within 2 seconds", which
// must not depend on how busy the other collection keeps two cores at that moment.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
