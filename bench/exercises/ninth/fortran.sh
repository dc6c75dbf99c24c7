# GNU Fortran 12 with OpenMP (libgomp: a team of threads parked on
# futexes between regions, tasks, locks, barriers, nested teams;
# libgfortran's formatted, unformatted and stream I/O with its own
# buffering and its run-time checks).  A tool of our own, built here by
# gfortran -fopenmp.
# Train sums a series in a parallel region of 2 threads; test runs
# reductions on 4 threads, tasks (a recursive Fibonacci), a lock and a
# critical section, barriers, nested teams, a dynamic schedule, an
# unformatted direct-access file, a stream file, a formatted namelist,
# inquire, execute_command_line, date_and_time and cpu_time.
prepare() {
	rm -rf "$D/work"
	mkdir -p "$D/work" "$D/build"
	[ -x "$D/build/tool" ] && return
	cat >"$D/build/tool.f90" <<'F90'
module util
contains
  subroutine check(ok, what)
    logical, intent(in) :: ok
    character(*), intent(in) :: what
    if (.not. ok) then
      write (0, *) 'failed: ', what
      stop 1
    end if
  end subroutine
  recursive integer function fib(n) result(r)
    integer, intent(in) :: n
    integer :: a, b
    if (n < 12) then
      r = sfib(n)
      return
    end if
    !$omp task shared(a)
    a = fib(n - 1)
    !$omp end task
    !$omp task shared(b)
    b = fib(n - 2)
    !$omp end task
    !$omp taskwait
    r = a + b
  end function
  integer function sfib(n) result(r)
    integer, intent(in) :: n
    integer :: i, x, y, t
    x = 0; y = 1
    do i = 1, n
      t = x + y; x = y; y = t
    end do
    r = x
  end function
end module

program tool
  use omp_lib
  use util
  implicit none
  character(len=256) :: mode, dir
  integer(8) :: s, i
  integer :: n, f, cnt, st, u, vals(8), rec(100), k
  integer(omp_lock_kind) :: lock
  real :: t0, t1
  real(8) :: x(1000)
  integer :: a, b
  namelist /cfg/ a, b
  call get_command_argument(1, mode)
  if (mode == 'sum') then
    s = 0
    !$omp parallel do reduction(+:s) num_threads(2)
    do i = 1, 1000000
      s = s + i
    end do
    print *, s
    stop
  end if
  call get_command_argument(2, dir)
  call cpu_time(t0)
  s = 0
  !$omp parallel do reduction(+:s) num_threads(4) schedule(dynamic, 1000)
  do i = 1, 4000000
    s = s + i
  end do
  call check(s == 8000002000000_8, 'reduction')
  !$omp parallel num_threads(4)
  !$omp single
  f = fib(25)
  !$omp end single
  !$omp end parallel
  call check(f == 75025, 'tasks')
  call omp_init_lock(lock)
  cnt = 0
  !$omp parallel num_threads(4) shared(cnt)
  call omp_set_lock(lock)
  cnt = cnt + 1
  call omp_unset_lock(lock)
  !$omp barrier
  !$omp critical
  cnt = cnt + 1
  !$omp end critical
  !$omp end parallel
  call omp_destroy_lock(lock)
  call check(cnt == 8, 'lock')
  call omp_set_max_active_levels(2)
  cnt = 0
  !$omp parallel num_threads(2) reduction(+:cnt)
  !$omp parallel num_threads(2) reduction(+:cnt)
  cnt = cnt + 1
  !$omp end parallel
  !$omp end parallel
  call check(cnt == 4, 'nested')
  x = [(real(k, 8), k = 1, 1000)]
  open (newunit=u, file=trim(dir)//'/d.bin', access='direct', recl=8*100, form='unformatted')
  do k = 1, 10
    write (u, rec=k) x((k-1)*100+1:k*100)
  end do
  read (u, rec=5) x(1:100)
  close (u)
  call check(x(1) == 401d0, 'direct')
  open (newunit=u, file=trim(dir)//'/s.bin', access='stream', form='unformatted', status='replace')
  write (u) (k, k = 1, 100)
  close (u)
  open (newunit=u, file=trim(dir)//'/s.bin', access='stream', form='unformatted', status='old')
  read (u, pos=4*49+1) rec(1)
  close (u)
  call check(rec(1) == 50, 'stream')
  a = 3; b = 4
  open (newunit=u, file=trim(dir)//'/cfg.nml', status='replace')
  write (u, nml=cfg)
  close (u)
  a = 0; b = 0
  open (newunit=u, file=trim(dir)//'/cfg.nml', status='old')
  read (u, nml=cfg)
  close (u, status='delete')
  call check(a == 3 .and. b == 4, 'namelist')
  inquire (file=trim(dir)//'/d.bin', size=i)
  call check(i == 8000, 'inquire')
  call execute_command_line('true', exitstat=st)
  call check(st == 0, 'execute_command_line')
  call date_and_time(values=vals)
  call check(vals(1) > 2000, 'date')
  call cpu_time(t1)
  call check(t1 >= t0, 'cpu_time')
  print '(a)', 'ok'
end program
F90
	(cd "$D/build" && gfortran -O2 -fopenmp -o tool tool.f90) >/dev/null
}
TRAIN=("$D/build/tool" sum)
TEST=("$D/build/tool" test "$D/work")
