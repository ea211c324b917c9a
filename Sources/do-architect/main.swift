print("do-architect")
