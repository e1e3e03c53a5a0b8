Console.WriteLine("local host: not built yet");
