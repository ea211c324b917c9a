// The KnowledgeBase target. See README.md for the layout.
