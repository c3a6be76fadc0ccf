-- +goose Up

-- dataset_info holds facts about the dataset as a whole, in its single row.
-- scale_factor is how many real rows one row stands for (100 for the demo,
-- about 1/100 of France), used to turn counts into national figures;
-- postgis.LoadDataset sets it, an import leaves it.
CREATE TABLE dataset_info (
    singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    scale_factor double precision NOT NULL DEFAULT 1 CHECK (scale_factor > 0)
);

INSERT INTO dataset_info DEFAULT VALUES;

-- +goose Down
DROP TABLE dataset_info;
