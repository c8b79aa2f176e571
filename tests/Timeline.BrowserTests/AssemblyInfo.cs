// One browser at a time: the collections (the demo server, the ten-thousand-event server) run one after the other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
