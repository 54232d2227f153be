using System.Text;

namespace FdSafety.Demo.Cat;

/// <summary>
/// Quotes a file name for a message the way GNU coreutils' quotef does (shell-escape style), so
/// that "cat: 'a b': No such file or directory" reads the same from both programs:
/// <list type="bullet">
/// <item>names made only of characters a shell leaves alone are printed as they are;</item>
/// <item>otherwise single quotes, with a ' written as '\'' — or double quotes when the name
/// holds a ' and nothing a shell expands inside double quotes;</item>
/// <item>control characters leave the quotes and are written $'\n' / $'\033'.</item>
/// </list>
/// Written from observed behaviour, not from GNU's source. Non-ASCII characters are printed as
/// they are (GNU does the same in a UTF-8 locale).
/// </summary>
internal static class ShellQuote
{
    /// <summary>Characters that make a shell word need quoting anywhere in it (':' too: the
    /// name is followed by ": " in messages).</summary>
    private const string Special = " !\"$&'()*;<=>?[\\^`|:";

    /// <summary>Characters a shell would still expand inside double quotes.</summary>
    private const string SpecialInDoubleQuotes = "\"$\\`!";

    private enum State
    {
        Open,       // inside '...'
        Dollar,     // inside $'...'
        Closed,     // between quoted pieces
    }

    public static string Quote(string name)
    {
        if (!NeedsQuoting(name, out bool hasControl))
        {
            return name;
        }

        if (!hasControl && name.Contains('\'') && name.IndexOfAny(SpecialInDoubleQuotes.ToCharArray()) < 0)
        {
            return "\"" + name + "\"";
        }

        var text = new StringBuilder(name.Length + 8);
        text.Append('\'');
        State state = State.Open;
        foreach (char c in name)
        {
            if (IsControl(c))
            {
                if (state == State.Open)
                {
                    text.Append('\'');
                }

                if (state != State.Dollar)
                {
                    text.Append("$'");
                }

                AppendEscape(text, c);
                state = State.Dollar;
                continue;
            }

            if (state == State.Dollar)
            {
                text.Append('\'');
                state = State.Closed;
            }

            if (c == '\'')
            {
                text.Append(state == State.Open ? "'\\''" : "\\''");
            }
            else
            {
                if (state == State.Closed)
                {
                    text.Append('\'');
                }

                text.Append(c);
            }

            state = State.Open;
        }

        text.Append('\'');
        return text.ToString();
    }

    private static bool NeedsQuoting(string name, out bool hasControl)
    {
        hasControl = false;
        bool special = name.Length == 0 || name[0] == '#' || name[0] == '~';
        foreach (char c in name)
        {
            if (IsControl(c))
            {
                hasControl = true;
            }
            else if (Special.Contains(c))
            {
                special = true;
            }
        }

        return special || hasControl;
    }

    private static bool IsControl(char c) => c < ' ' || c == '\x7f';

    private static void AppendEscape(StringBuilder text, char c)
    {
        switch (c)
        {
            case '\a': text.Append("\\a"); break;
            case '\b': text.Append("\\b"); break;
            case '\t': text.Append("\\t"); break;
            case '\n': text.Append("\\n"); break;
            case '\v': text.Append("\\v"); break;
            case '\f': text.Append("\\f"); break;
            case '\r': text.Append("\\r"); break;
            default:
                text.Append('\\').Append(System.Convert.ToString(c, 8).PadLeft(3, '0'));
                break;
        }
    }
}
