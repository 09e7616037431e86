-- How far the history service has archived each partition: written after a batch's rows, read when the
-- service starts to move its consumer groups back there. The bus commits offsets per record, before a
-- batch is inserted, so these positions (not the bus's) say what ClickHouse really holds.
-- One row per batch and partition; the highest next_offset wins (max() on read, and on merge).
CREATE TABLE IF NOT EXISTS history_checkpoints
(
    consumer_group String,
    topic          String,
    partition      UInt32,
    next_offset    UInt64 COMMENT 'Every record of the partition before it is archived or dead-lettered',
    saved_at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(next_offset)
ORDER BY (consumer_group, topic, partition);
