// The CodeReview target. See README.md for the layout.
