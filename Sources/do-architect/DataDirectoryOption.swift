import ArgumentParser

/// The `--data-dir` option shared by every subcommand that touches runtime data.
struct DataDirectoryOption: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "Folder for runtime data (objects, metrics).",
            discussion: "Default: $DO_ARCHITECT_DATA_DIR, else $XDG_DATA_HOME/do-architect, else ~/.local/share/do-architect.",
            valueName: "path"))
    var path: String?
}
