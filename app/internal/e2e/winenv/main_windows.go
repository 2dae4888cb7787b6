package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"unsafe"

	"golang.org/x/sys/windows"
)

func main() {
	os.Exit(run())
}

func run() int {
	exe, appData := os.Getenv("UPSHOT_EXE_WIN"), os.Getenv("UPSHOT_E2E_APPDATA")
	if exe == "" {
		fmt.Fprintln(os.Stderr, "winenv: UPSHOT_EXE_WIN is not set")
		return 125
	}
	if appData != "" {
		os.Setenv("APPDATA", appData)
		os.Setenv("LOCALAPPDATA", appData)
	}
	job, err := killOnCloseJob()
	if err != nil {
		fmt.Fprintln(os.Stderr, "winenv:", err)
		return 125
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "winenv:", err)
		return 125
	}
	if h, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, uint32(cmd.Process.Pid)); err == nil {
		_ = windows.AssignProcessToJobObject(job, h)
		windows.CloseHandle(h)
	}
	var exit *exec.ExitError
	switch err := cmd.Wait(); {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitCode()
	default:
		fmt.Fprintln(os.Stderr, "winenv:", err)
		return 125
	}
}

// killOnCloseJob is a job whose processes end with its last handle: ours.
func killOnCloseJob() (windows.Handle, error) {
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return 0, fmt.Errorf("job object: %w", err)
	}
	info := windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION{}
	info.BasicLimitInformation.LimitFlags = windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
	if _, err := windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info))); err != nil {
		return 0, fmt.Errorf("job object limits: %w", err)
	}
	return job, nil
}
