-- The dashboard's transitions per minute count the state entries of the last half hour. History
-- rows are appended in time order, so a BRIN index on the timestamp finds the recent ones for a
-- few kilobytes of index and almost nothing per insert (a B-tree would cost every step a write).
CREATE INDEX history_events_by_time ON history_events USING brin (timestamp);
