import ArgumentParser
import Deskpilot

/// `deskpilot models`: the profiles, with what each sends and expects.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the model families (profiles) Deskpilot speaks, and how each talks to its model.",
        discussion: """
            `--profile NAME` on run, ground and test chooses one; without it the profile is chosen from the model's \
            name. docs/models.md says how to serve each family.
            """
    )

    func run() {
        for profile in ModelProfiles.all {
            print("\(profile.name)\t\(profile.models)")
            print("\ttool calls: \(profile.toolCalls.name); coordinates: \(profile.coordinates); history: \(profile.layout)")
        }
    }
}
