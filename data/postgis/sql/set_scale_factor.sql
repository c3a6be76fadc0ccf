UPDATE dataset_info SET scale_factor = $1
