// The mono set's training: counts a file's words.
using System;
using System.IO;
class Train {
	static void Main(string[] args)
	{
		string t = File.ReadAllText(args[0]);
		Console.WriteLine(t.Split(new char[] { ' ', '\n' },
			StringSplitOptions.RemoveEmptyEntries).Length);
	}
}
