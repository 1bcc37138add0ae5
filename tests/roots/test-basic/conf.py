extensions = ["myst_parser", "reviewkit"]
myst_enable_extensions = ["colon_fence"]
project = "Test review"
reviewkit_title = "Report of the test review"
reviewkit_date = "2021-01-25"
reviewkit_slug = "test"
reviewkit_recommendation_label = "Test Recommendation"
reviewkit_owners = {"board": "The Board", "org": "The Organisation", "community": "Community"}
