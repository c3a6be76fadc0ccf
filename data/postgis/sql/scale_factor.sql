SELECT scale_factor FROM dataset_info
