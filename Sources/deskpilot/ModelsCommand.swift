import ArgumentParser
import Deskpilot

/// `deskpilot models`: the families, with what each sends and expects, and how to serve it.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the model families (profiles) Deskpilot speaks: what each sends, what it expects back, how to serve it.",
        discussion: """
            `--profile NAME` on run, ground and test chooses one; without it the family is chosen from the model's \
            name. `deskpilot doctor` checks a server against one. docs/models.md has the details.
            """
    )

    func run() {
        for family in ModelFamilies.all {
            print("\(family.name) — \(family.models)")
            print("  sends:   \(family.sends)")
            print("  expects: \(family.expects)")
            for line in family.serving { print("  serve:   \(line)") }
            print("")
        }
    }
}
