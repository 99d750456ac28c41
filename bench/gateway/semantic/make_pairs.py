"""Writes gateway-service/src/test/resources/semantic/pairs.jsonl from the pairs below.

Every pair was written by hand: `para` pairs mean the same and should be served from the cache,
the swap pairs (number, negation, entity, unit) differ in one detail that changes the answer and
must never be. Alternate pairs of each kind go to the tune and test splits.
"""
import json, pathlib

PARA = """What is the capital city of Australia and why was it chosen?|Which city is Australia's capital, and why was it chosen?
How tall is the Eiffel Tower?|What is the height of the Eiffel Tower?
Who wrote Pride and Prejudice?|Who is the author of Pride and Prejudice?
What is the boiling point of water at sea level?|At sea level, what temperature does water boil at?
How do I reverse a list in Python?|What's the way to reverse a list in Python?
Explain how photosynthesis works.|Can you explain how photosynthesis works?
What causes the seasons on Earth?|Why does Earth have seasons?
How many bones are in the adult human body?|How many bones does an adult human body have?
What is the speed of light in a vacuum?|How fast does light travel in a vacuum?
Who painted the Mona Lisa?|Who was the painter of the Mona Lisa?
What is the largest planet in our solar system?|Which planet is the largest in our solar system?
How do I make a cup of green tea?|What's the best way to make a cup of green tea?
What are the main causes of inflation?|What mainly causes inflation?
How does a refrigerator keep food cold?|How does a fridge keep food cold?
What is the difference between a virus and a bacterium?|How is a virus different from a bacterium?
When did World War II end?|In what year did World War II end?
What does DNA stand for?|What is DNA short for?
How do vaccines work?|How do vaccines actually work?
What is the tallest mountain in the world?|Which mountain is the highest in the world?
How can I improve my sleep quality?|What can I do to sleep better?
What is the population of Canada?|How many people live in Canada?
Who discovered penicillin?|Who was the discoverer of penicillin?
How do I center a div in CSS?|How can I center a div using CSS?
What is machine learning?|Can you explain what machine learning is?
Why is the sky blue?|What makes the sky blue?
How do I convert a string to an integer in Java?|How can I turn a string into an integer in Java?
What is the meaning of the word serendipity?|What does the word serendipity mean?
How long does it take to boil an egg?|How long should I boil an egg?
What is the chemical formula of water?|What's the chemical formula for water?
Who was the first person to walk on the Moon?|Who first walked on the Moon?
What are the benefits of regular exercise?|What are the advantages of exercising regularly?
How does compound interest work?|Can you explain how compound interest works?
What is the currency of Japan?|Which currency is used in Japan?
How do I delete a branch in Git?|How can I delete a Git branch?
What language is spoken in Brazil?|Which language do people speak in Brazil?
How do airplanes stay in the air?|How do planes stay up in the air?
What is the difference between weather and climate?|How does weather differ from climate?
Who invented the telephone?|Who was the inventor of the telephone?
What is the square root of 144?|What's the square root of 144?
How many continents are there?|How many continents does the world have?
What is the longest river in Africa?|Which river is the longest in Africa?
How do I install Node.js on Ubuntu?|What's the way to install Node.js on Ubuntu?
What is a black hole?|Can you explain what a black hole is?
How do bees make honey?|How is honey made by bees?
What is the main ingredient in guacamole?|What's the main ingredient of guacamole?
How do I write a for loop in JavaScript?|How can I write a for loop in JavaScript?
What does an API do?|What is the purpose of an API?
Why do cats purr?|What makes cats purr?
How many players are on a soccer team?|How many players does a soccer team have on the field?
What is the freezing point of water in Fahrenheit?|At what temperature in Fahrenheit does water freeze?
Who was Albert Einstein?|Can you tell me who Albert Einstein was?
What is the Pythagorean theorem?|Can you explain the Pythagorean theorem?
How do I make pancakes from scratch?|How can I make pancakes from scratch?
What are the symptoms of the flu?|What symptoms does the flu cause?
What is the capital of Canada?|Which city is the capital of Canada?
How does the stock market work?|Can you explain how the stock market works?
What is the distance from the Earth to the Moon?|How far is the Moon from the Earth?
How do I learn to play the guitar?|What's the best way to learn the guitar?
What is the smallest country in the world?|Which country is the smallest in the world?
How does a solar panel generate electricity?|How do solar panels produce electricity?
What is an operating system?|Can you explain what an operating system is?
Who composed the Four Seasons?|Who was the composer of the Four Seasons?
What are the primary colors?|Which colors are the primary colors?
How do I calculate the area of a circle?|How is the area of a circle calculated?
What is the Great Wall of China?|Can you tell me about the Great Wall of China?
Why do leaves change color in autumn?|What makes leaves change color in the fall?
How do I remove a stain from a white shirt?|How can I get a stain out of a white shirt?
What is the function of the heart?|What does the heart do?
How does Wi-Fi work?|Can you explain how Wi-Fi works?
What is the largest ocean on Earth?|Which ocean is the largest on Earth?
How do I start a vegetable garden?|What's the best way to start a vegetable garden?
What is blockchain technology?|Can you explain blockchain technology?
How do I cook rice on the stove?|How can I cook rice on a stovetop?
What is the difference between HTTP and HTTPS?|How does HTTP differ from HTTPS?
Who was Napoleon Bonaparte?|Tell me who Napoleon Bonaparte was.
What is the Big Bang theory?|Can you explain the Big Bang theory?
How do I write a good resume?|What makes a resume good and how do I write one?
What are the planets in the solar system?|Which planets are in the solar system?
How do earthquakes happen?|What causes earthquakes?
What is the capital of Germany?|Which city is Germany's capital?
How do I sort a dictionary by value in Python?|How can I sort a Python dictionary by its values?
What is the role of the United Nations?|What does the United Nations do?
How does the immune system fight infections?|How does the immune system defend against infections?
What is a prime number?|Can you explain what a prime number is?
How do I make cold brew coffee?|What's the method for making cold brew coffee?
Who built the pyramids of Giza?|Who constructed the pyramids of Giza?
What is the greenhouse effect?|Can you explain the greenhouse effect?
How do I change a flat tire?|How can I change a flat tire?
What is the best way to learn a new language?|How can I best learn a new language?
What does a CPU do in a computer?|What is the job of a CPU in a computer?
How do I take a screenshot on Windows?|How can I take a screenshot on Windows?
What is the hardest natural substance?|Which natural substance is the hardest?
How do tides work?|What causes the tides?
What is the plot of Romeo and Juliet?|What happens in Romeo and Juliet?
How do I merge two dictionaries in Python?|How can I combine two dictionaries in Python?
What is the origin of Halloween?|Where does Halloween come from?
How do noise cancelling headphones work?|How does noise cancellation in headphones work?
What is the capital of Italy?|Which city is the capital of Italy?
How do I create a virtual environment in Python?|How can I set up a Python virtual environment?
What is the difference between a crocodile and an alligator?|How is a crocodile different from an alligator?
Why do we dream?|What is the reason we dream?
How do I improve my public speaking skills?|How can I get better at public speaking?
What is the theory of evolution?|Can you explain the theory of evolution?
How does a microwave oven heat food?|How do microwave ovens heat food?
What is the deepest part of the ocean?|Where is the deepest point in the ocean?
How do I set up SSH keys for GitHub?|How can I configure SSH keys for GitHub?
What is a recession?|Can you explain what a recession is?
Who was Cleopatra?|Tell me who Cleopatra was.
What is the best way to store fresh herbs?|How should I store fresh herbs?
How do I write a SQL query to count rows?|How can I count rows with a SQL query?
What is the function of the liver?|What does the liver do?
How do rainbows form?|How is a rainbow formed?
What is the difference between affect and effect?|How do affect and effect differ?
How do I make a budget spreadsheet?|How can I create a budget spreadsheet?
What is quantum computing?|Can you explain quantum computing?
How do I clean a cast iron pan?|How should I clean a cast iron skillet?
What is the main function of red blood cells?|What do red blood cells mainly do?
How do I prepare for a job interview?|How can I get ready for a job interview?
What are the causes of climate change?|What causes climate change?
How do I use the map function in JavaScript?|How does the map function in JavaScript work?
What is the Renaissance?|Can you explain what the Renaissance was?
How do I reduce stress at work?|How can I lower my stress at work?
What is the tallest building in the world?|Which building is the tallest in the world?
How do I grow tomatoes in pots?|How can I grow tomatoes in containers?
What is the purpose of the Federal Reserve?|What does the Federal Reserve do?
How do magnets work?|How does magnetism in magnets work?
What is a haiku?|Can you explain what a haiku is?
How do I unclog a drain?|How can I unclog a blocked drain?
What is the speed of sound?|How fast does sound travel?
How does GPS determine location?|How does GPS figure out where you are?
What is a mortgage?|Can you explain what a mortgage is?
How do I train my dog to sit?|How can I teach my dog to sit?
What is the difference between RAM and storage?|How does RAM differ from storage?
Who wrote Hamlet?|Who is the author of Hamlet?
What is the purpose of a firewall?|What does a firewall do?
How do I bake sourdough bread?|How can I make sourdough bread?
What is the main cause of tooth decay?|What mainly causes tooth decay?
How do I write a cover letter?|How should I write a cover letter?
What is the life cycle of a butterfly?|What are the stages in a butterfly's life cycle?
How does the internet work?|Can you explain how the internet works?
What is an index fund?|Can you explain what an index fund is?
How do I meditate?|How should I meditate?
What is the capital of Spain?|Which city is the capital of Spain?
How do I declare a constant in JavaScript?|How can I define a constant in JavaScript?
What is the difference between a list and a tuple in Python?|How does a Python list differ from a tuple?
Why do we have leap years?|What is the reason for leap years?
How do I make homemade pizza dough?|How can I make pizza dough at home?
What is the role of mitochondria in a cell?|What do mitochondria do in a cell?
How do I negotiate a higher salary?|How can I negotiate a better salary?
What is Docker used for?|What do people use Docker for?
How do I back up my iPhone?|How can I back up an iPhone?
Wie hoch ist die Zugspitze?|Wie hoch ist eigentlich die Zugspitze?
Was ist die Hauptstadt von Frankreich?|Welche Stadt ist die Hauptstadt von Frankreich?
How many legs does a spider have?|How many legs do spiders have?
What is the origin of the Olympic Games?|Where did the Olympic Games originate?
What is a good name for a golden retriever?|Can you suggest a good name for a golden retriever?""".strip().split("\n")

SWAPS = {
"number": """What is 17 times 23?|What is 17 times 24?
How many days are there in 3 weeks?|How many days are there in 4 weeks?
What is 15% of 200?|What is 15% of 300?
What is the square root of 144?|What is the square root of 169?
Convert 100 degrees Fahrenheit to Celsius.|Convert 90 degrees Fahrenheit to Celsius.
What happened in 1989 in Germany?|What happened in 1990 in Germany?
What is 2 plus 2?|What is 2 plus 3?
How many seconds are in 5 minutes?|How many seconds are in 6 minutes?
Who won the World Cup in 2014?|Who won the World Cup in 2018?
What is 12 divided by 4?|What is 12 divided by 3?
Give me 5 tips for better sleep.|Give me 10 tips for better sleep.
How much is 3 cubed?|How much is 4 cubed?
What is the 10th Fibonacci number?|What is the 12th Fibonacci number?
Calculate the compound interest on 1000 dollars at 5 percent for 3 years.|Calculate the compound interest on 1000 dollars at 5 percent for 4 years.
What was the population of London in 1900?|What was the population of London in 1950?
Write a poem with 4 lines about the sea.|Write a poem with 8 lines about the sea.
What is 7 squared?|What is 8 squared?
How many hours are in 2 days?|How many hours are in 3 days?
Summarize the first chapter of Moby Dick.|Summarize the second chapter of Moby Dick.
What is the sum of 45 and 67?|What is the sum of 45 and 76?
Is 91 a prime number?|Is 97 a prime number?
What is the area of a circle with radius 3?|What is the area of a circle with radius 5?
Who was the 16th president of the United States?|Who was the 26th president of the United States?
How many calories are in two eggs?|How many calories are in three eggs?
What is 1000 in binary?|What is 1024 in binary?
Plan a 3 day trip to Rome.|Plan a 5 day trip to Rome.
What is 9 factorial?|What is 10 factorial?
How old is someone born in 1985?|How old is someone born in 1995?
What is 25 percent of 80?|What is 35 percent of 80?
What were the causes of World War 1?|What were the causes of World War 2?
What is 3.5 times 2?|What is 4.5 times 2?
What is the 5th planet from the Sun?|What is the 6th planet from the Sun?
How many minutes are in 1.5 hours?|How many minutes are in 2.5 hours?
Split a bill of 120 dollars between 4 people.|Split a bill of 120 dollars between 5 people.
What is 64 divided by 8?|What is 64 divided by 16?
List the top 3 largest countries by area.|List the top 5 largest countries by area.
What is 11 times 11?|What is 11 times 12?
How long is 10000 steps in kilometers?|How long is 15000 steps in kilometers?
What is the capital of France in 1700?|What is the capital of France in 1800?
What is 2 to the power of 10?|What is 2 to the power of 12?
Was ist 6 mal 7?|Was ist 6 mal 8?
What is the average of 10, 20 and 30?|What is the average of 10, 20 and 40?""",
"negation": """Is coffee good for your health?|Is coffee not good for your health?
Why is the sky blue?|Why isn't the sky blue?
Can dogs eat chocolate?|Can dogs not eat chocolate?
Should I use tabs for indentation?|Should I not use tabs for indentation?
Is Python a compiled language?|Is Python not a compiled language?
Which foods contain gluten?|Which foods contain no gluten?
Why do some people like winter?|Why do some people not like winter?
List fruits that are high in sugar.|List fruits that are not high in sugar.
How do I make bread with yeast?|How do I make bread without yeast?
Is it safe to drink tap water in Mexico?|Is it not safe to drink tap water in Mexico?
What animals can swim?|What animals cannot swim?
Does the Earth orbit the Sun?|Doesn't the Earth orbit the Sun?
Which countries use the euro?|Which countries do not use the euro?
Why do cats like water?|Why don't cats like water?
What are reasons to learn Latin?|What are reasons not to learn Latin?
Is nuclear power renewable?|Is nuclear power not renewable?
Name plants that need full sun.|Name plants that do not need full sun.
Can I run this laptop with the battery removed?|Can I run this laptop without the battery removed?
What should I pack for a beach holiday?|What should I not pack for a beach holiday?
Is a tomato a fruit?|Is a tomato not a fruit?
Which vitamins are water soluble?|Which vitamins are not water soluble?
How do I cook pasta with salt?|How do I cook pasta without salt?
Why did the Roman Empire fall?|Why didn't the Roman Empire fall?
Which programming languages have garbage collection?|Which programming languages have no garbage collection?
Is it polite to tip in Japan?|Is it not polite to tip in Japan?
What can I eat on a vegan diet?|What can I not eat on a vegan diet?
Are spiders insects?|Are spiders not insects?
Do penguins fly?|Do penguins never fly?
Which birds migrate south in winter?|Which birds never migrate south in winter?
How to sleep with the lights on?|How to sleep without the lights on?
Why should I use a password manager?|Why should I not use a password manager?
Which metals are magnetic?|Which metals are not magnetic?
Is the Great Wall of China visible from space?|Is the Great Wall of China not visible from space?
What happens if you water a cactus every day?|What happens if you never water a cactus?
Is zero an even number?|Is zero not an even number?
Do I need a visa to visit Canada?|Do I not need a visa to visit Canada?
Which mammals lay eggs?|Which mammals do not lay eggs?
How can I travel with a pet?|How can I travel without a pet?
Is it healthy to skip breakfast?|Is it not healthy to skip breakfast?
Ist Kaffee gesund?|Ist Kaffee nicht gesund?""",
"entity": """What is the capital of Australia?|What is the capital of Austria?
Who wrote Hamlet?|Who wrote Macbeth?
What is the population of Canada?|What is the population of Mexico?
How tall is the Eiffel Tower?|How tall is the Empire State Building?
What is the currency of Japan?|What is the currency of China?
Who painted the Mona Lisa?|Who painted the Sistine Chapel ceiling?
When did Germany reunify?|When did Yemen reunify?
What language is spoken in Brazil?|What language is spoken in Argentina?
What is the longest river in Africa?|What is the longest river in Europe?
How do I install Node.js on Ubuntu?|How do I install Node.js on Windows?
Who was the first president of the United States?|Who was the first president of France?
What is the capital of Canada?|What is the capital of Chile?
Explain the causes of the French Revolution.|Explain the causes of the Russian Revolution.
What is the climate like in Spain?|What is the climate like in Norway?
How do I reverse a list in Python?|How do I reverse a list in Ruby?
Who founded Microsoft?|Who founded Apple?
What is the tallest mountain in Japan?|What is the tallest mountain in Italy?
How do I center a div in React?|How do I center a div in Angular?
What are the main exports of Brazil?|What are the main exports of Kenya?
Who is the CEO of Tesla?|Who is the CEO of Amazon?
What is the time zone of London?|What is the time zone of Tokyo?
What is the national dish of Italy?|What is the national dish of Hungary?
How do I convert a string to an integer in Java?|How do I convert a string to an integer in Kotlin?
What did Isaac Newton discover?|What did Marie Curie discover?
When was Google founded?|When was Facebook founded?
How many people live in Berlin?|How many people live in Munich?
What is the main religion in India?|What is the main religion in Thailand?
Tell me about the history of Rome.|Tell me about the history of Athens.
Who wrote the Odyssey?|Who wrote the Aeneid?
What is the best time to visit Iceland?|What is the best time to visit Morocco?
What is the capital of Germany?|What is the capital of Belgium?
Who discovered America?|Who discovered Australia?
What is Mars made of?|What is Venus made of?
How do I use Docker on Linux?|How do I use Docker on Mac?
What is the GDP of Sweden?|What is the GDP of Finland?
Which river flows through Paris?|Which river flows through Vienna?
Who won the Champions League with Liverpool?|Who won the Champions League with Chelsea?
Was ist die Hauptstadt von Frankreich?|Was ist die Hauptstadt von Portugal?
What did Shakespeare write about love?|What did Goethe write about love?
Who was Cleopatra?|Who was Nefertiti?""",
"unit": """How many meters are in a mile?|How many feet are in a mile?
Convert 10 kilometers to miles.|Convert 10 kilometers to yards.
How many grams are in a pound?|How many grams are in an ounce?
What is 30 degrees Celsius in Fahrenheit?|What is 30 degrees Celsius in Kelvin?
How many liters are in a gallon?|How many milliliters are in a gallon?
How many seconds are in a day?|How many minutes are in a day?
How much is 100 dollars in yen?|How much is 100 euros in yen?
How many centimeters are in an inch?|How many millimeters are in an inch?
How many kilograms does a car weigh?|How many pounds does a car weigh?
How many calories do I burn walking 5 km?|How many calories do I burn walking 5 miles?
What is the speed of sound in mph?|What is the speed of sound in kmh?
How many megabytes are in a gigabyte?|How many kilobytes are in a gigabyte?
How many cups are in a liter?|How many cups are in a gallon?
What is 50 miles in kilometers?|What is 50 feet in kilometers?
How many hours are in a week?|How many days are in a week?
Convert 5 pounds to kilograms.|Convert 5 ounces to kilograms.
How many watts does a fridge use?|How many kwh does a fridge use?
What is 2 acres in square meters?|What is 2 hectares in square meters?
How long is a marathon in miles?|How long is a marathon in kilometers?
How many gigabytes is a 4K movie?|How many megabytes is a 4K movie?
How many tons does a blue whale weigh?|How many kilograms does a blue whale weigh?
What is the height of Mount Everest in feet?|What is the height of Mount Everest in meters?
How many minutes does it take to boil an egg?|How many seconds does it take to boil an egg?
How many ml are in a tablespoon?|How many grams are in a tablespoon?
Convert 20 euros to dollars.|Convert 20 pounds to dollars.
How many months does a pregnancy last?|How many weeks does a pregnancy last?
What is 1 mile in yards?|What is 1 mile in feet?
What is body temperature in Fahrenheit?|What is body temperature in Celsius?
How many bits are in a kilobyte?|How many bytes are in a kilobyte?
How fast is a cheetah in mph?|How fast is a cheetah in kph?
How many liters of water should I drink per day?|How many cups of water should I drink per day?
What does 1 kg of feathers weigh in pounds?|What does 1 kg of feathers weigh in ounces?
How many years is a decade in days?|How many years is a decade in weeks?
What is 100 km in meters?|What is 100 km in centimeters?
How much does a liter of milk weigh in grams?|How much does a liter of milk weigh in kilograms?
What is room temperature in Kelvin?|What is room temperature in Celsius?
How many inches tall is the average man?|How many centimeters tall is the average man?
How many volts does a phone charger use?|How many watts does a phone charger use?
How many hours of sleep does a baby need?|How many minutes of sleep does a baby need?
What is 3 percent of a million dollars?|What is 3 percent of a million euros?""",
}

def rows():
    for i, line in enumerate(PARA):
        cached, query = line.split("|")
        yield {"kind": "paraphrase", "expect": "hit", "cached": cached, "query": query,
               "split": "tune" if i % 2 == 0 else "test"}
    for kind, block in SWAPS.items():
        for i, line in enumerate(block.strip().split("\n")):
            cached, query = line.split("|")
            yield {"kind": kind, "expect": "miss", "cached": cached, "query": query,
                   "split": "tune" if i % 2 == 0 else "test"}

out = pathlib.Path(__file__).resolve().parents[3] / "gateway-service/src/test/resources/semantic/pairs.jsonl"
out.parent.mkdir(parents=True, exist_ok=True)
with open(out, "w") as f:
    for row in rows():
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
import collections
print(collections.Counter((r["kind"], r["split"]) for r in rows()))
