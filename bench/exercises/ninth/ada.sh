# GNAT Ada 12 (its tasking run-time: tasks on threads, rendezvous,
# protected objects, delays and timed entry calls, task termination;
# exceptions of the language raised from faults by its signal handlers).
# A tool of our own, built here by gnatmake.
# Train prints a sum; test runs 4 tasks computing into a protected
# object, a rendezvous, a timed entry call that times out, a selective
# accept with a terminate alternative, delays, Constraint_Error caught
# from a null access (SIGSEGV) and from an overflow, files written,
# read and listed (Ada.Directories), an environment variable, a command
# spawned (GNAT.OS_Lib) and a TCP echo on the loopback by a server task
# (GNAT.Sockets).
prepare() {
	rm -rf "$D/work"
	mkdir -p "$D/work" "$D/build"
	[ -x "$D/build/tool" ] && return
	cat >"$D/build/tool.adb" <<'ADA'
with Ada.Text_IO; use Ada.Text_IO;
with Ada.Command_Line; use Ada.Command_Line;
with Ada.Directories; use Ada.Directories;
with Ada.Environment_Variables;
with Ada.Streams; use Ada.Streams;
with GNAT.OS_Lib; use GNAT.OS_Lib;
with GNAT.Sockets; use GNAT.Sockets;
procedure Tool is
   procedure Check (OK : Boolean; What : String) is
   begin
      if not OK then
         Put_Line (Standard_Error, "failed: " & What);
         GNAT.OS_Lib.OS_Exit (1);
      end if;
   end Check;

   protected Total is
      procedure Add (N : Long_Integer);
      function Get return Long_Integer;
   private
      Sum : Long_Integer := 0;
   end Total;
   protected body Total is
      procedure Add (N : Long_Integer) is begin Sum := Sum + N; end Add;
      function Get return Long_Integer is begin return Sum; end Get;
   end Total;

   task type Adder (From : Long_Integer);
   task body Adder is
      S : Long_Integer := 0;
   begin
      for I in From .. From + 999_999 loop S := S + I; end loop;
      Total.Add (S);
   end Adder;

   task Server is
      entry Double (X : in Integer; Y : out Integer);
      entry Never;
   end Server;
   task body Server is
   begin
      loop
         select
            accept Double (X : in Integer; Y : out Integer) do Y := 2 * X; end Double;
         or
            terminate;
         end select;
      end loop;
   end Server;

   type Int_Access is access all Integer;
   function Nothing return Int_Access is begin return null; end Nothing;

   procedure Tasks is
      Y : Integer;
   begin
      declare
         A : Adder (0); B : Adder (1_000_000); C : Adder (2_000_000); D : Adder (3_000_000);
      begin
         null;
      end;
      Check (Total.Get = 7_999_998_000_000, "tasks");
      Server.Double (21, Y);
      Check (Y = 42, "rendezvous");
      select
         Server.Never;
         Check (False, "never");
      or
         delay 0.05;
      end select;
      delay 0.01;
   end Tasks;

   procedure Faults is
      P : Int_Access := Nothing;
      Caught : Natural := 0;
      X : Integer := Integer'Last;
   begin
      begin
         P.all := 1;
      exception
         when Constraint_Error | Storage_Error | Program_Error => Caught := Caught + 1;
      end;
      begin
         X := X + Integer (Argument_Count);
      exception
         when Constraint_Error => Caught := Caught + 1;
      end;
      Check (Caught = 2, "faults");
   end Faults;

   procedure Files (Dir : String) is
      F : File_Type;
      N : Natural := 0;
      S : Search_Type;
      E : Directory_Entry_Type;
   begin
      Create (F, Out_File, Dir & "/a.txt");
      for I in 1 .. 100 loop Put_Line (F, "line" & I'Img); end loop;
      Close (F);
      Open (F, In_File, Dir & "/a.txt");
      while not End_Of_File (F) loop
         declare L : constant String := Get_Line (F); begin N := N + 1; end;
      end loop;
      Close (F);
      Check (N = 100, "read");
      Create_Directory (Dir & "/sub");
      Copy_File (Dir & "/a.txt", Dir & "/sub/b.txt");
      Check (Size (Dir & "/sub/b.txt") = Size (Dir & "/a.txt"), "copy");
      N := 0;
      Start_Search (S, Dir, "*");
      while More_Entries (S) loop Get_Next_Entry (S, E); N := N + 1; end loop;
      End_Search (S);
      Check (N >= 3, "search");
      Delete_Tree (Dir & "/sub");
      Check (Ada.Environment_Variables.Exists ("PATH"), "env");
   end Files;

   procedure Spawns is
      OK : Boolean;
      Args : Argument_List (1 .. 0);
   begin
      Spawn ("/bin/true", Args, OK);
      Check (OK, "spawn");
   end Spawns;

   procedure Net is
      Srv, Cli : Socket_Type;
      Addr : Sock_Addr_Type (Family_Inet);
      task Echo is entry Go; end Echo;
      task body Echo is
         Con : Socket_Type;
         From : Sock_Addr_Type;
         Buf : Stream_Element_Array (1 .. 16);
         Last : Stream_Element_Offset;
      begin
         accept Go;
         Accept_Socket (Srv, Con, From);
         Receive_Socket (Con, Buf, Last);
         Send_Socket (Con, Buf (1 .. Last), Last);
         Close_Socket (Con);
      end Echo;
      Msg : constant Stream_Element_Array := (104, 101, 108, 108, 111);
      Buf : Stream_Element_Array (1 .. 16);
      Last : Stream_Element_Offset;
   begin
      Create_Socket (Srv);
      Set_Socket_Option (Srv, Socket_Level, (Reuse_Address, True));
      Addr.Addr := Inet_Addr ("127.0.0.1");
      Addr.Port := 0;
      Bind_Socket (Srv, Addr);
      Listen_Socket (Srv);
      Addr := Get_Socket_Name (Srv);
      Echo.Go;
      Create_Socket (Cli);
      Connect_Socket (Cli, Addr);
      Send_Socket (Cli, Msg, Last);
      Receive_Socket (Cli, Buf, Last);
      Check (Last = 5, "echo");
      Close_Socket (Cli);
      Close_Socket (Srv);
   end Net;
begin
   if Argument (1) = "sum" then
      Put_Line (Integer'Image (40 + 2));
      return;
   end if;
   Tasks;
   Faults;
   Files (Argument (2));
   Spawns;
   Net;
   Put_Line ("ok");
end Tool;
ADA
	(cd "$D/build" && gnatmake -q -O2 -gnato tool.adb) >/dev/null
}
TRAIN=("$D/build/tool" sum)
TEST=("$D/build/tool" test "$D/work")
