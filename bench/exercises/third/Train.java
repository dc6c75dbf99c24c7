// The java exercise's training: counts a file's words.
import java.nio.file.Files;
import java.nio.file.Path;

public class Train {
	public static void main(String[] a) throws Exception {
		String s = Files.readString(Path.of(a[0]));
		System.out.println(s.split("\\s+").length);
	}
}
