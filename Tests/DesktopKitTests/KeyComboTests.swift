import DesktopKit
import Testing

@Suite("KeyCombo parsing")
struct KeyComboTests {
    @Test("canonical combos", arguments: [
        ("ctrl+shift+t", "ctrl+shift+t"),
        ("Return", "Return"),
        ("alt+F4", "alt+F4"),
        ("CTRL+S", "ctrl+s"),
        ("shift+ctrl+T", "ctrl+shift+t"),
        ("ctrl + alt + Delete", "ctrl+alt+Delete"),
        ("super+l", "super+l"),
    ])
    func canonical(input: String, expected: String) throws {
        #expect(try KeyCombo(parsing: input).description == expected)
    }

    @Test("names vision models emit", arguments: [
        ("enter", "Return"), ("esc", "Escape"), ("Escape", "Escape"), ("cmd+c", "super+c"), ("win+e", "super+e"),
        ("meta+a", "super+a"), ("pagedown", "Next"), ("PageUp", "Prior"), ("arrowleft", "Left"), ("ArrowDown", "Down"),
        ("backspace", "BackSpace"), ("f5", "F5"), ("F12", "F12"), ("delete", "Delete"), ("space", "space"),
        ("tab", "Tab"), ("home", "Home"), ("end", "End"), ("option+x", "alt+x"), ("control+z", "ctrl+z"),
        ("ctrl++", "ctrl+plus"), ("+", "plus"), ("ctrl+,", "ctrl+comma"), ("shift", "Shift_L"), ("ctrl+shift", "ctrl+Shift_L"),
    ])
    func aliases(input: String, expected: String) throws {
        #expect(try KeyCombo(parsing: input).description == expected)
    }

    @Test("keysyms of named and character keys")
    func keysyms() throws {
        #expect(try KeyCombo(parsing: "enter").key.keysym == 0xFF0D)
        #expect(try KeyCombo(parsing: "F1").key.keysym == 0xFFBE)
        #expect(try KeyCombo(parsing: "F24").key.keysym == 0xFFBE + 23)
        #expect(try KeyCombo(parsing: "a").key.keysym == 0x61)
        #expect(try KeyCombo(parsing: "A").key.keysym == 0x61)
        #expect(try KeyCombo(parsing: "é").key.keysym == 0xE9)
        #expect(try KeyCombo(parsing: "€").key.keysym == 0x0100_20AC)
        #expect(try KeyCombo(parsing: "ctrl+shift+t").modifiers == [.control, .shift])
    }

    @Test("the computer_use tool's list form")
    func listForm() throws {
        #expect(try KeyCombo(names: ["ctrl", "shift", "esc"]).description == "ctrl+shift+Escape")
        #expect(try KeyCombo(names: ["Return"]).description == "Return")
    }

    @Test("unknown names list the closest valid ones")
    func unknown() {
        #expect {
            try KeyCombo(parsing: "ctrl+entr")
        } throws: { error in
            guard case KeyComboError.unknownKey(let name, _, let suggestions) = error else { return false }
            return name == "entr" && suggestions.contains("enter") && String(describing: error).contains("did you mean")
        }
        #expect {
            try KeyCombo(parsing: "pagdown")
        } throws: { error in
            guard case KeyComboError.unknownKey(_, _, let suggestions) = error else { return false }
            return suggestions.contains("pagedown")
        }
    }

    @Test("malformed combos", arguments: ["", "ctrl+a+b", "+a", "ctrl++s"])
    func malformed(input: String) {
        #expect(throws: KeyComboError.self) { try KeyCombo(parsing: input) }
    }
}
