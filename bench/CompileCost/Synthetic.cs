using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace CompileCost
{
    /// <summary>
    /// Generated code for the scaling and editor cases: most of it ordinary C# (strings, collections,
    /// small classes that keep their int arguments, disposables), a tenth descriptor code (open, check,
    /// read, close; leaks; helpers that take descriptors, mutually recursive ones among them). Files call
    /// into the file before them, so summaries cross files.
    /// </summary>
    internal static class Synthetic
    {
        public static string File(int index)
        {
            var sb = new StringBuilder();
            sb.Append("using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Linq;\nusing System.Text;\nusing Mono.Unix.Native;\n\n");
            sb.Append($"namespace Synthetic{index}\n{{\n");
            sb.Append($"    public sealed class Device{index} : IDisposable\n    {{\n");
            sb.Append("        private readonly int _pin;\n        private readonly int _address;\n        private readonly List<int> _values = new List<int>();\n        private readonly MemoryStream _buffer = new MemoryStream();\n\n");
            sb.Append($"        public Device{index}(int pin, int address)\n        {{\n            _pin = pin;\n            _address = address;\n        }}\n\n");
            sb.Append("        public void Record(int value)\n        {\n            _values.Add(value);\n            if (_values.Count > 100) _values.RemoveAt(0);\n        }\n\n");
            sb.Append("        public double Average() => _values.Count == 0 ? 0 : _values.Average();\n\n");
            sb.Append("        public void Dispose()\n        {\n            _buffer.Dispose();\n        }\n");
            for (int m = 0; m < 20; m++)
            {
                sb.Append(OrdinaryMethod(index, m));
            }
            sb.Append("    }\n\n");
            sb.Append($"    public static class Io{index}\n    {{\n");
            sb.Append(DescriptorMethods(index, index > 0 ? $"Synthetic{index - 1}.Io{index - 1}" : null));
            sb.Append("    }\n}\n");
            return sb.ToString();
        }

        private static string OrdinaryMethod(int index, int m)
        {
            switch (m % 5)
            {
                case 0:
                    return $@"
        public string Describe{m}(int count)
        {{
            var sb = new StringBuilder();
            for (int i = 0; i < count; i++)
            {{
                if (i % 3 == 0) sb.Append(""fizz"");
                else if (i % 5 == 0) sb.Append(""buzz"");
                else sb.Append(i);
                sb.Append(',');
            }}
            return sb.ToString() + _pin + ""/"" + _address;
        }}
";
                case 1:
                    return $@"
        public int Sum{m}(IEnumerable<int> values, int limit)
        {{
            int total = 0;
            foreach (var v in values.Where(x => x < limit).OrderBy(x => x))
            {{
                total += v;
                Record(v);
            }}
            return total + Scale{m + 1}(total, 3);
        }}
";
                case 2:
                    return $@"
        public int Scale{m}(int value, int factor)
        {{
            switch (factor)
            {{
                case 0: return 0;
                case 1: return value;
                case 2: return value << 1;
                default: return value * factor + _address;
            }}
        }}
";
                case 3:
                    return $@"
        public Dictionary<string, int> Count{m}(string[] words)
        {{
            var counts = new Dictionary<string, int>();
            foreach (var w in words)
            {{
                counts.TryGetValue(w, out var c);
                counts[w] = c + 1;
            }}
            var device = new Device{index}(_pin + 1, _address);
            device.Record(counts.Count);
            device.Dispose();
            return counts;
        }}
";
                default:
                    return $@"
        public byte[] Pack{m}(int a, int b)
        {{
            using var stream = new MemoryStream();
            using var writer = new BinaryWriter(stream);
            writer.Write(a);
            writer.Write(b);
            writer.Write(Scale{m - 2}(a, b));
            return stream.ToArray();
        }}
";
            }
        }

        private static string DescriptorMethods(int index, string? previous)
        {
            string leakClose = index % 10 == 0 ? "" : "Syscall.close(fd);";
            string cross = previous == null ? "" : $"\n            total += {previous}.Drain(fd, 2);";
            return $@"
        public static int OpenChecked(string path)
        {{
            int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd < 0) throw new IOException(""open failed: "" + path);
            return fd;
        }}

        public static long Drain(int fd, int depth)
        {{
            IntPtr buf = System.Runtime.InteropServices.Marshal.AllocHGlobal(4096);
            long n = Syscall.read(fd, buf, 4096);
            System.Runtime.InteropServices.Marshal.FreeHGlobal(buf);
            if (n <= 0 || depth <= 0) return n;
            return n + DrainMore(fd, depth - 1);
        }}

        private static long DrainMore(int fd, int depth) => depth <= 0 ? 0 : Drain(fd, depth - 1);

        public static long Copy(string path)
        {{
            int fd = OpenChecked(path);
            long total = Drain(fd, 3);{cross}
            {leakClose}
            return total;
        }}

        public static void Release(int fd)
        {{
            if (fd >= 0) Syscall.close(fd);
        }}
";
        }

        /// <summary>One large class: <paramref name="methods"/> methods, every tenth a descriptor method (the edit targets).</summary>
        public static string LargeFile(int methods)
        {
            var sb = new StringBuilder("using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Linq;\nusing System.Text;\nusing Mono.Unix.Native;\n\nnamespace Large\n{\n    public sealed class Big\n    {\n        private readonly List<int> _seen = new List<int>();\n\n");
            for (int m = 0; m < methods; m++)
            {
                if (m % 10 == 5)
                {
                    sb.Append($@"
        public long Read{m}(string path)
        {{
            int size_Read{m} = 4096;
            int fd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd < 0) return -1;
            IntPtr buf = System.Runtime.InteropServices.Marshal.AllocHGlobal(size_Read{m});
            long total = 0, n;
            while ((n = Syscall.read(fd, buf, (ulong)size_Read{m})) > 0) total += n;
            System.Runtime.InteropServices.Marshal.FreeHGlobal(buf);
            total += Synthetic0.Io0.Drain(fd, 2);
            Syscall.close(fd);
            return total + Helper{m - 1}(m: {m});
        }}
");
                }
                else
                {
                    sb.Append($@"
        public int Helper{m}(int m)
        {{
            int acc = m;
            for (int i = 0; i < 16; i++) acc = (acc * 31 + i) ^ (acc >> 3);
            _seen.Add(acc);
            return acc + (_seen.Count > 1000 ? _seen[0] : 0) + ""x{m}"".Length;
        }}
");
                }
            }
            sb.Append("    }\n}\n");
            return sb.ToString();
        }

        public static List<string> EditTargets(string source)
        {
            var names = new List<string>();
            foreach (Match m in Regex.Matches(source, @"public long (Read\d+)\(string path\)"))
            {
                names.Add(m.Groups[1].Value);
            }
            return names;
        }
    }
}
